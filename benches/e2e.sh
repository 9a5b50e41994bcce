#!/usr/bin/env bash
# End-to-end benchmark of `rtb-recon run` against the floor (BENCHMARKS.md).
#
# For each size N (persons) it generates a CSV set (seed 1, as of 2026-11-28)
# once, then REPEAT times: the floor (a csv::ByteRecord loop over the seven
# files, examples/floor.rs, one thread), our run with --drafts none, and our
# run with all drafts, each on THREADS threads, with wall time and peak RSS
# from /usr/bin/time. It prints one line per size with the best (min) and the
# median of the repeats, and the ratios to the floor and to the input size.
#
# Usage: benches/e2e.sh [N ...]     (default: 100000 1000000)
# Environment: WORK (scratch dir, default /tmp/rtb-bench), REPEAT (default 3),
#              THREADS (default 2), KEEP=1 keeps the generated inputs.
#
# The binary is built with the `generate` feature (the generator is not in
# the default build); the feature adds the subcommand and nothing to `run`.
#
# Outputs go to fresh directories and are removed only after all repeats of a
# size: on ext4, creating many files right after deleting many is slow (the
# inode allocator skips recently deleted inodes), which would time the file
# system's bookkeeping rather than the run.
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=${*:-"100000 1000000"}
WORK=${WORK:-/tmp/rtb-bench}
REPEAT=${REPEAT:-3}
THREADS=${THREADS:-2}
mkdir -p "$WORK"

cargo build --release --quiet --features generate --bin rtb-recon --example floor
BIN=${CARGO_TARGET_DIR:-target}/release/rtb-recon
FLOOR=${CARGO_TARGET_DIR:-target}/release/examples/floor

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
minimum() { sort -g | head -1; }

printf '%-9s %9s %8s %8s %8s %8s %8s %7s %7s %9s %9s %6s %6s\n' \
  persons input_MB floor_s floor_p none_s all_s gen_s r_none r_all rss_none rss_all m_none m_all
for N in $SIZES; do
  IN="$WORK/in-$N"
  gen_s=-
  if [ ! -f "$IN/alert_decisions.csv" ]; then
    start=$(date +%s.%N)
    "$BIN" generate --persons "$N" --seed 1 --as-of 2026-11-28 --out "$IN" 2>/dev/null
    gen_s=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")
  fi
  bytes=$(cat "$IN"/*.csv | wc -c)
  cat "$IN"/*.csv > /dev/null   # page cache warm for every contender
  : > "$WORK/floor-$N" ; : > "$WORK/floorp-$N"
  : > "$WORK/none-$N" ; : > "$WORK/all-$N"
  for r in $(seq "$REPEAT"); do
    "$FLOOR" "$IN" | sed 's/.*floor_seconds=\([0-9.]*\).*/\1/' >> "$WORK/floor-$N"
    "$FLOOR" "$IN" --parallel | sed 's/.*floor_seconds=\([0-9.]*\).*/\1/' >> "$WORK/floorp-$N"
    for mode in none all; do
      OUT="$WORK/out-$N-$mode-$r"
      /usr/bin/time -f '%e %M' -o "$WORK/time" \
        "$BIN" run --input "$IN" --out "$OUT" --as-of 2026-11-28 \
        --threads "$THREADS" --drafts "$mode" 2>/dev/null >/dev/null
      cat "$WORK/time" >> "$WORK/$mode-$N"
    done
  done
  floor=$(minimum < "$WORK/floor-$N")
  floorp=$(minimum < "$WORK/floorp-$N")
  none=$(cut -d' ' -f1 "$WORK/none-$N" | minimum)
  all=$(cut -d' ' -f1 "$WORK/all-$N" | minimum)
  none_med=$(cut -d' ' -f1 "$WORK/none-$N" | median)
  all_med=$(cut -d' ' -f1 "$WORK/all-$N" | median)
  rss_none=$(cut -d' ' -f2 "$WORK/none-$N" | sort -g | tail -1)
  rss_all=$(cut -d' ' -f2 "$WORK/all-$N" | sort -g | tail -1)
  printf '%-9s %9.1f %8.3f %8.3f %8.2f %8.2f %8s %7.2f %7.2f %8dM %8dM %6.2f %6.2f\n' \
    "$N" "$(echo "$bytes / 1000000" | bc -l)" "$floor" "$floorp" "$none" "$all" "$gen_s" \
    "$(echo "$none / $floor" | bc -l)" "$(echo "$all / $floor" | bc -l)" \
    "$((rss_none / 1024))" "$((rss_all / 1024))" \
    "$(echo "$rss_none * 1024 / $bytes" | bc -l)" "$(echo "$rss_all * 1024 / $bytes" | bc -l)"
  echo "          medians: none ${none_med}s, all ${all_med}s; drafts written: $(find "$WORK/out-$N-all-1/drafts" -type f | wc -l)"
  rm -rf "$WORK"/out-"$N"-*
  [ "${KEEP:-0}" = 1 ] || rm -rf "$IN"
done
