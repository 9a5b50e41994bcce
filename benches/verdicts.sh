#!/usr/bin/env bash
# What the analysts' verdicts cost at scale (issue 12; BENCHMARKS.md).
#
# Generates N persons (seed 1, as of 2026-11-28) once and runs the first
# night. From its actions.csv it takes 10,000 actions that may carry a
# verdict (not the waiting ones: group HOLD and HIT_ON_HOLD), evenly spread,
# and writes them as a verdicts CSV (afgehandeld, niet_van_toepassing and
# uitgesteld in turn). Then, REPEAT times and in turn, the second night
#   plain     --previous night1
#   verdicts  --previous night1 --verdicts 10k.csv    (10,000 new verdicts)
# and the third night, which carries them with --previous alone
#   plain3    --previous <a plain second night>
#   carried   --previous <a second night with verdicts>
# each on THREADS threads with --drafts none, and prints the median wall
# time and peak RSS of each, and the ratios verdicts/plain and carried/plain3.
#
# Usage: benches/verdicts.sh           Environment: N (1000000), WORK
#        (/tmp/rtb-verdicts), REPEAT (5), THREADS (2), BIN (a built binary).
set -euo pipefail

cd "$(dirname "$0")/.."
N=${N:-1000000}
WORK=${WORK:-/tmp/rtb-verdicts}
REPEAT=${REPEAT:-5}
THREADS=${THREADS:-2}
mkdir -p "$WORK"
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet --features generate --bin rtb-recon
  BIN=${CARGO_TARGET_DIR:-target}/release/rtb-recon
fi

IN="$WORK/in-$N"
[ -f "$IN/alert_decisions.csv" ] ||
  "$BIN" generate --persons "$N" --seed 1 --as-of 2026-11-28 --out "$IN" 2>/dev/null
cat "$IN"/*.csv > /dev/null # page cache warm
run() { # OUT, then extra arguments
  local out=$1
  shift
  rm -rf "$out"
  "$BIN" run --input "$IN" --out "$out" --threads "$THREADS" --drafts none "$@" 2>/dev/null
}
run "$WORK/night1" --as-of 2026-11-28

# The first four columns of actions.csv are ids and codes: never quoted.
VERDICTS="$WORK/verdicts-10k.csv"
awk -F, 'NR > 1 && $2 !~ /^(HOLD_INCOMPLETE_DATA|REVIEW_EU_NATIONAL|HIT_ON_HOLD)$/ { print $1 "," $2 "," $4 }' \
  "$WORK/night1/actions.csv" > "$WORK/eligible"
awk -v n="$(wc -l < "$WORK/eligible")" '
  BEGIN { split("afgehandeld niet_van_toepassing uitgesteld", kind, " ");
          print "v_number,action,subject_id,verdict,until,note,by"; step = n / 10000 }
  picked < 10000 && NR > picked * step {
    k = kind[picked % 3 + 1]
    print $0 "," k "," (k == "uitgesteld" ? "2027-01-15" : "") ",bekeken,analist " picked % 7
    picked++
  }' "$WORK/eligible" > "$VERDICTS"
echo "verdicts: $(($(wc -l < "$VERDICTS") - 1)) of $(wc -l < "$WORK/eligible") eligible actions"

timed() { # NAME OUT, then extra arguments
  local name=$1 out=$2
  shift 2
  /usr/bin/time -f '%e %M' -o "$WORK/time" "$BIN" run --input "$IN" --out "$out" \
    --threads "$THREADS" --drafts none "$@" 2>/dev/null
  cat "$WORK/time" >> "$WORK/$name"
}
: > "$WORK/plain" ; : > "$WORK/verdicts" ; : > "$WORK/plain3" ; : > "$WORK/carried"
for r in $(seq "$REPEAT"); do
  rm -rf "$WORK"/n2p-"$r" "$WORK"/n2v-"$r" "$WORK"/n3p-"$r" "$WORK"/n3c-"$r"
  timed plain "$WORK/n2p-$r" --as-of 2026-11-29 --previous "$WORK/night1"
  timed verdicts "$WORK/n2v-$r" --as-of 2026-11-29 --previous "$WORK/night1" --verdicts "$VERDICTS"
  timed plain3 "$WORK/n3p-$r" --as-of 2026-11-30 --previous "$WORK/n2p-$r"
  timed carried "$WORK/n3c-$r" --as-of 2026-11-30 --previous "$WORK/n2v-$r"
done
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for name in plain verdicts plain3 carried; do
  s=$(cut -d' ' -f1 "$WORK/$name" | median)
  m=$(cut -d' ' -f2 "$WORK/$name" | median)
  printf '%-9s %6s s %8s KB\n' "$name" "$s" "$m"
  eval "t_$name=$s"
done
echo "in force after the second night: $(($(wc -l < "$WORK/n2v-1/verdicts.csv") - 1)); carried into the third: $(($(wc -l < "$WORK/n3c-1/verdicts.csv") - 1))"
echo "verdicts/plain $(echo "scale=3; $t_verdicts / $t_plain" | bc)  carried/plain3 $(echo "scale=3; $t_carried / $t_plain3" | bc)"
rm -rf "$WORK"/n2p-* "$WORK"/n2v-* "$WORK"/n3p-* "$WORK"/n3c-*
