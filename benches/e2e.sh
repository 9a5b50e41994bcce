#!/usr/bin/env bash
# End-to-end benchmark of `rtb-recon run` against the floor and against the
# same rules in DuckDB (BENCHMARKS.md, issue 13).
#
# For each shape (the generator's profile: default, enforcement) and each
# size N (persons) it generates a CSV set (seed 1, as of 2026-11-28) once,
# then REPEAT times, in turn: the floor (a csv::ByteRecord loop over the seven
# files, examples/floor.rs, one thread, and over two threads), our run with
# --drafts none (every default output), with all drafts when MODES has `all`,
# and the DuckDB peer (benches/peer/: the rules of SPEC §6 as one SQL
# script), each on THREADS threads, with wall time and peak RSS from
# /usr/bin/time. It prints one line per shape and size with the best (min)
# and the median of the repeats, the ratios (ours/floor, DuckDB/ours, peak
# RSS/input), then the stages of our fastest run from its own log
# (`--log-level info`: each stage's elapsed_ms). The peer's actions are
# checked against ours, as the set of (v_number, action, subject_id): a
# mismatch stops the script with the differences.
#
# Usage: benches/e2e.sh [N ...]     (default: 100000 1000000)
# Environment: SHAPES (default "default enforcement"), WORK (scratch dir,
#              default /tmp/rtb-bench), REPEAT (default 3), THREADS (default 2),
#              MODES (default "none"; "none all" also times all drafts),
#              PEER=0 skips the peer, KEEP=1 keeps the generated inputs,
#              BIN and FLOOR: binaries to use instead of building them,
#              DROP_CACHES=1 (root only) empties the page cache before each
#              contender's run and then reads its inputs back in.
#
# The binary is built with the `generate` feature (the generator is not in
# the default build); the feature adds the subcommand and nothing to `run`.
# The peer needs Python 3 and its `duckdb` package: installed here into a
# venv under WORK unless the python3 on PATH already has it.
#
# DROP_CACHES: on the 2-core, 24 GB machine of BENCHMARKS.md, gigabytes of
# earlier outputs in the page cache made the kernel reclaim pages on every
# fresh allocation (clear_page_erms: 43 % of CPU samples at 4.3M persons,
# 23.5 s instead of 13.5 s): every contender is timed with the same, empty
# cache and its inputs warm.
#
# Outputs go to fresh directories and are removed only after all repeats of a
# size: on ext4, creating many files right after deleting many is slow (the
# inode allocator skips recently deleted inodes), which would time the file
# system's bookkeeping rather than the run.
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=${*:-"100000 1000000"}
SHAPES=${SHAPES:-"default enforcement"}
WORK=${WORK:-/tmp/rtb-bench}
REPEAT=${REPEAT:-3}
THREADS=${THREADS:-2}
MODES=${MODES:-none}
PEER=${PEER:-1}
AS_OF=2026-11-28
mkdir -p "$WORK"

# BIN and FLOOR may name other builds (to compare two commits on the same
# inputs: run the newer first with KEEP=1, it generates them).
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet --features generate --bin rtb-recon --example floor
  BIN=${CARGO_TARGET_DIR:-target}/release/rtb-recon
fi
FLOOR=${FLOOR:-${CARGO_TARGET_DIR:-target}/release/examples/floor}

PY=python3
if [ "$PEER" = 1 ] && ! "$PY" -c 'import duckdb' 2>/dev/null; then
  if [ ! -x "$WORK/venv/bin/python" ] || ! "$WORK/venv/bin/python" -c 'import duckdb' 2>/dev/null; then
    python3 -m venv "$WORK/venv"
    "$WORK/venv/bin/pip" install --quiet duckdb
  fi
  PY=$WORK/venv/bin/python
fi

# Before each timed command: the page cache emptied (DROP_CACHES=1) and the
# inputs read into it.
settle() {
  if [ "${DROP_CACHES:-0}" = 1 ]; then
    sync
    echo 1 > /proc/sys/vm/drop_caches
  fi
  cat "$1"/*.csv > /dev/null
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
minimum() { sort -g | head -1; }
div() { echo "scale=6; $1 / $2" | bc -l; }

# The stages of one run, from its JSON log: "inputs read" and "rules
# applied" carry the time since the start, the outputs their own duration.
stages() {
  "$PY" - "$1" <<'EOF'
import json, sys
at = {}
for line in open(sys.argv[1], encoding="utf-8"):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    if "elapsed_ms" in e:
        at[e["message"]] = e["elapsed_ms"] / 1000
read, rules = at.get("inputs read", 0), at.get("rules applied", 0)
parts = [("read", read), ("rules", rules - read)]
for key, label in [("outputs prepared (rows, summary, fingerprints)", "prepared"),
                   ("self-check passed", "self-check"),
                   ("tables written", "tables"),
                   ("fingerprints written", "fingerprints.csv"),
                   ("report.html written", "report.html"),
                   ("actions.xlsx sheets filled", "xlsx sheets"),
                   ("actions.xlsx written", "actions.xlsx"),
                   ("drafts written", "drafts"),
                   ("output published", "published at")]:
    if key in at:
        parts.append((label, at[key]))
print("          stages: " + ", ".join(f"{k} {v:.2f}" for k, v in parts))
EOF
}

printf '%-11s %-9s %8s %8s %7s %7s %8s %8s %8s %7s %7s %8s %6s %8s %9s\n' \
  shape persons input_MB rows_M floor_s floor_p ours_s peer_s gen_s r_floor r_peer rss_MB m_in peer_MB actions
for SHAPE in $SHAPES; do
for N in $SIZES; do
  IN="$WORK/in-$SHAPE-$N"
  gen_s=-
  if [ ! -f "$IN/alert_decisions.csv" ]; then
    start=$(date +%s.%N)
    "$BIN" generate --persons "$N" --seed 1 --as-of "$AS_OF" --profile "$SHAPE" --out "$IN" 2>/dev/null
    gen_s=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")
  fi
  bytes=$(cat "$IN"/*.csv | wc -c)
  rows=$(($(cat "$IN"/*.csv | wc -l) - 7))   # less the seven headers
  tag="$SHAPE-$N"
  : > "$WORK/floor-$tag" ; : > "$WORK/floorp-$tag" ; : > "$WORK/peer-$tag"
  for mode in $MODES; do : > "$WORK/$mode-$tag"; done
  for r in $(seq "$REPEAT"); do
    settle "$IN"
    "$FLOOR" "$IN" | sed 's/.*floor_seconds=\([0-9.]*\).*/\1/' >> "$WORK/floor-$tag"
    "$FLOOR" "$IN" --parallel | sed 's/.*floor_seconds=\([0-9.]*\).*/\1/' >> "$WORK/floorp-$tag"
    for mode in $MODES; do
      OUT="$WORK/out-$tag-$mode-$r"
      settle "$IN"
      /usr/bin/time -f '%e %M' -o "$WORK/time" \
        "$BIN" run --input "$IN" --out "$OUT" --as-of "$AS_OF" \
        --threads "$THREADS" --drafts "$mode" --log-level info --log-format json \
        2>"$WORK/log-$tag-$mode-$r" >/dev/null
      echo "$(cat "$WORK/time") $r" >> "$WORK/$mode-$tag"
    done
    if [ "$PEER" = 1 ]; then
      settle "$IN"
      /usr/bin/time -f '%e %M' -o "$WORK/time" \
        "$PY" benches/peer/peer.py run "$IN" "$WORK/peer-$tag-$r.csv" --as-of "$AS_OF" \
        --threads "$THREADS" >/dev/null
      cat "$WORK/time" >> "$WORK/peer-$tag"
    fi
  done
  floor=$(minimum < "$WORK/floor-$tag")
  floorp=$(minimum < "$WORK/floorp-$tag")
  none=$(cut -d' ' -f1 "$WORK/none-$tag" | minimum)
  none_med=$(cut -d' ' -f1 "$WORK/none-$tag" | median)
  rss=$(cut -d' ' -f2 "$WORK/none-$tag" | sort -g | tail -1)
  best=$(sort -g "$WORK/none-$tag" | head -1 | cut -d' ' -f3)
  actions=$(($(wc -l < "$WORK/out-$tag-none-$best/actions.csv") - 1))
  peer=- peer_med=- peer_rss=0 r_peer=0
  if [ "$PEER" = 1 ]; then
    peer=$(cut -d' ' -f1 "$WORK/peer-$tag" | minimum)
    peer_med=$(cut -d' ' -f1 "$WORK/peer-$tag" | median)
    peer_rss=$(cut -d' ' -f2 "$WORK/peer-$tag" | sort -g | tail -1)
    r_peer=$(div "$peer" "$none")
  fi
  printf '%-11s %-9s %8.1f %8.2f %7.3f %7.3f %8.2f %8s %8s %7.2f %7.2f %8d %6.2f %8d %9d\n' \
    "$SHAPE" "$N" "$(div "$bytes" 1000000)" "$(div "$rows" 1000000)" "$floor" "$floorp" \
    "$none" "$peer" "$gen_s" "$(div "$none" "$floor")" "$r_peer" \
    "$((rss / 1024))" "$(div "$((rss * 1024))" "$bytes")" "$((peer_rss / 1024))" "$actions"
  echo "          medians: ours ${none_med}s, peer ${peer_med}s"
  stages "$WORK/log-$tag-none-$best"
  if [[ " $MODES " == *" all "* ]]; then
    all=$(cut -d' ' -f1 "$WORK/all-$tag" | minimum)
    echo "          all drafts: best ${all}s, median $(cut -d' ' -f1 "$WORK/all-$tag" | median)s," \
      "$(div "$all" "$floor" | xargs printf '%.2f')x floor," \
      "peak $(( $(cut -d' ' -f2 "$WORK/all-$tag" | sort -g | tail -1) / 1024 )) MB;" \
      "drafts written: $(find "$WORK/out-$tag-all-1/drafts" -type f | wc -l)"
  fi
  if [ "$PEER" = 1 ]; then
    # The peer's answer must be ours: the same set of (v_number, action,
    # subject_id); the checker prints the differences and fails.
    if ! "$PY" benches/peer/peer.py check "$WORK/out-$tag-none-$best/actions.csv" \
        "$WORK/peer-$tag-1.csv" > "$WORK/check-$tag"; then
      cat "$WORK/check-$tag" >&2
      echo "e2e: the DuckDB peer's actions differ from ours on $tag (see above)" >&2
      exit 1
    fi
    echo "          peer check: $(cat "$WORK/check-$tag")"
  fi
  rm -rf "$WORK"/out-"$tag"-* "$WORK"/peer-"$tag"-*.csv
  [ "${KEEP:-0}" = 1 ] || rm -rf "$IN"
done
done
