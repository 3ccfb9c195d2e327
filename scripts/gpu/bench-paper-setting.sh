#!/usr/bin/env bash
# dckd bench at the paper's setting (DCKD, AAAI 2025): teacher swinir-m, student swinir-s, encoder
# vqgan-f16 (random weights: timing only), batch 16, LR 48x48, x4, all DCKD terms; the supervised
# (scratch) step of the student in fp32 and with precision.student = bf16; and the DCKD step again with
# precision.frozen = bf16 (teacher, history model and encoder targets in bf16), then with the student in
# bf16 too. Each JSON has the per-phase peak host RSS (breakdown_rss_peak_mib_above_step_start); the GPU's
# peak is nvidia-smi's. Needs gpu-env.sh sourced and the distribution at $DIST.
#   DIST=dckd-launcher/target/dckd  OUT=<folder for the JSON reports>
#   DEVICE=cpu  runs on the CPU instead of the GPU; TINY=1  the same networks at batch 1, LR 16x16
#   (a dry run of this script's every command on any machine)
set -uo pipefail
DIST=${DIST:-dckd-launcher/target/dckd}
OUT=${OUT:-/tmp/dckd-gpu-bench}; mkdir -p "$OUT"
DEVICE=${DEVICE:-gpu}
NETS="--student swinir-s --teacher swinir-m --encoder vqgan-f16 --scale 4"
if [ "${TINY:-0}" = 1 ]; then
  SIZE="--batch 1 --patch 16"; HALF="--batch 1 --patch 16"; STEPS=${STEPS:-2}; DSTEPS=${DSTEPS:-1}; WARM=1; DWARM=1
else
  SIZE="--batch 16 --patch 48"; HALF="--batch 8 --patch 48"; STEPS=${STEPS:-20}; DSTEPS=${DSTEPS:-10}; WARM=5; DWARM=3
fi
MON=""
if command -v nvidia-smi >/dev/null; then
  nvidia-smi --query-gpu=name,memory.used,memory.total --format=csv,noheader
  nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 250 > "$OUT/gpumem.txt" 2>/dev/null & MON=$!
fi
peak(){ [ -s "$OUT/gpumem.txt" ] && sort -n "$OUT/gpumem.txt" | tail -1 || echo "n/a"; }
run(){ local name=$1; shift
  echo "== $name: dckd bench $*"
  : > "$OUT/gpumem.txt"
  # shellcheck disable=SC2086
  timeout ${BENCH_TIMEOUT:-240} "$DIST/bin/dckd" bench --device "$DEVICE" "$@" --json "$OUT/$name.json" 2> "$OUT/$name.log" | tail -1
  echo "rc=${PIPESTATUS[0]} peak GPU memory.used during $name: $(peak) MiB"
  grep -E "device|Exception|Error" "$OUT/$name.log" | head -5
}
# the DCKD step in one precision of the frozen networks; half the batch if the full one does not fit
dckd(){ local name=$1; shift
  # shellcheck disable=SC2086
  run "$name" --mode dckd $NETS $SIZE --negatives 4 --warmup "$DWARM" --steps "$DSTEPS" "$@"
  # shellcheck disable=SC2086
  [ -s "$OUT/$name.json" ] || run "${name}_b8" --mode dckd $NETS $HALF --negatives 4 --warmup "$DWARM" --steps "$DSTEPS" "$@"
}
# shellcheck disable=SC2086
run scratch --mode scratch --student swinir-s --scale 4 $SIZE --warmup "$WARM" --steps "$STEPS"
# shellcheck disable=SC2086
run scratch_bf16 --mode scratch --student swinir-s --scale 4 $SIZE --warmup "$WARM" --steps "$STEPS" --set precision.student=bf16
dckd dckd
dckd dckd_bf16 --set precision.frozen=bf16
dckd dckd_bf16_all --set precision.frozen=bf16 --set precision.student=bf16
[ -n "$MON" ] && kill "$MON" 2>/dev/null
exit 0
