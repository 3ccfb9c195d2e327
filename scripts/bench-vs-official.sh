#!/bin/sh
# dckd's training step next to the official DCKD code's (../shared/official-bench/official_step.py) on
# this machine's CPU, interleaved: each round times the official step, then dckd's, for each mode, so
# both see the same machine. Prints one TSV line per (round, mode) with both medians and their ratio.
#   DIST      dckd distribution folder (default dckd-launcher/target/dckd)
#   OFFICIAL  a work tree of the official code (default .official; see ../shared/official-bench/README.md)
#   BENCH     the folder of official_step.py (default ../shared/official-bench)
#   PY        a Python with torch (default /usr/bin/python3: Debian's python3-torch)
#   ROUNDS    rounds (default 2);  STEPS  timed steps of each (default 15);  THREADS (default 2)
#   MODES     default "scratch dckd"; SETTING: extra arguments for both (default: the ANCHORS setting,
#             rcan-t teacher, rcan-s student, vq-tiny, batch 4, LR 32, x4, 4 noisy negatives)
set -eu
DIST="${DIST:-dckd-launcher/target/dckd}"
OFFICIAL="${OFFICIAL:-.official}"
BENCH="${BENCH:-../shared/official-bench}"
PY="${PY:-/usr/bin/python3}"
ROUNDS="${ROUNDS:-2}"; STEPS="${STEPS:-15}"; THREADS="${THREADS:-2}"
MODES="${MODES:-scratch dckd}"
SETTING="${SETTING:---student rcan-s --teacher rcan-t --batch 4 --patch 32 --scale 4}"
OUTDIR="${OUTDIR:-$(mktemp -d)}"

# the first occurrence: the summary (dckd's samples that follow carry running medians)
field() { grep -o "\"$2\": *[0-9.]*" "$1" | head -1 | sed 's/.*: *//'; }

printf 'round\tmode\tofficial_ms\tdckd_ms\tdckd/official\n'
r=1
while [ "$r" -le "$ROUNDS" ]; do
  for mode in $MODES; do
    o="$OUTDIR/official-$mode-$r.json"; d="$OUTDIR/dckd-$mode-$r.json"
    # official_step.py times --iters steps after its own warm-up and prints one JSON line
    "$PY" "$BENCH/official_step.py" "$OFFICIAL" --mode "$mode" --threads "$THREADS" --iters "$STEPS" $SETTING 2>/dev/null | tail -1 > "$o"
    "$DIST/bin/dckd" bench --mode "$mode" --threads "$THREADS" --steps "$STEPS" --warmup 3 $SETTING --json "$d" >/dev/null 2>&1
    om=$(field "$o" ms_per_step_median); dm=$(field "$d" median_ms)
    printf '%s\t%s\t%s\t%s\t%s\n' "$r" "$mode" "$om" "$dm" "$(awk -v a="$dm" -v b="$om" 'BEGIN { printf "%.3f", a / b }')"
  done
  r=$((r + 1))
done
echo "reports: $OUTDIR" >&2
