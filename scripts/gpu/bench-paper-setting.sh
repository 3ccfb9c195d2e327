#!/usr/bin/env bash
# dckd bench on a GPU at the paper's setting (DCKD, AAAI 2025): teacher swinir-m, student swinir-s,
# encoder vqgan-f16 (random weights: timing only), batch 16, LR 48x48, x4, all DCKD terms; plus the
# supervised (scratch) step of the student. Needs gpu-env.sh sourced and the distribution at $DIST.
#   DIST=dckd-launcher/target/dckd  OUT=<folder for the JSON reports>
set -uo pipefail
DIST=${DIST:-dckd-launcher/target/dckd}
OUT=${OUT:-/tmp/dckd-gpu-bench}; mkdir -p "$OUT"
STEPS=${STEPS:-20}; DSTEPS=${DSTEPS:-10}
MON=""
if command -v nvidia-smi >/dev/null; then
  nvidia-smi --query-gpu=name,memory.used,memory.total --format=csv,noheader
  nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 250 > "$OUT/gpumem.txt" 2>/dev/null & MON=$!
fi
peak(){ sort -n "$OUT/gpumem.txt" | tail -1; }
run(){ local name=$1; shift
  echo "== $name: dckd bench $*"
  : > "$OUT/gpumem.txt"
  timeout ${BENCH_TIMEOUT:-240} "$DIST/bin/dckd" bench --device gpu "$@" --json "$OUT/$name.json" 2> "$OUT/$name.log" | tail -1
  echo "rc=$? peak GPU memory.used during $name: $(peak) MiB"
  grep -E "device|Exception|Error" "$OUT/$name.log" | head -5
}
run scratch --mode scratch --student swinir-s --batch 16 --patch 48 --scale 4 --warmup 5 --steps "$STEPS"
run dckd --mode dckd --student swinir-s --teacher swinir-m --encoder vqgan-f16 --batch 16 --patch 48 --scale 4 --negatives 4 --warmup 3 --steps "$DSTEPS"
if [ ! -s "$OUT/dckd.json" ]; then
  # half the batch if the full one does not fit
  run dckd_b8 --mode dckd --student swinir-s --teacher swinir-m --encoder vqgan-f16 --batch 8 --patch 48 --scale 4 --negatives 4 --warmup 3 --steps "$DSTEPS"
fi
[ -n "$MON" ] && kill "$MON" 2>/dev/null
