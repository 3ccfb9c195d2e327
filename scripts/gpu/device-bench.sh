#!/usr/bin/env bash
# One device call: the official DCKD training step (super-SSS/DCKD) and dckd's, at the paper setting
# (teacher swinir-m, student swinir-s, encoder vqgan-f16, batch 16, LR 48x48, x4, every term), on the same
# GPU, each as scratch (student, L1) and DCKD. Order: official, dckd, official again (drift check).
# Every result is a JSON file in $OUT; peak GPU memory is nvidia-smi's memory.used (the same gauge for
# both: CUDA context + caching allocator), next to torch's own max_memory_allocated for the official code.
# Run from the repository root with build/gpu-bundle (make-bundle.sh) and .official carried:
#   device run: bash scripts/gpu/device-bench.sh   carry: ["build/gpu-bundle", ".official"]
set -u
B=$PWD/build/gpu-bundle; OUT=${OUT:-/tmp/dckd-device}; mkdir -p "$OUT"
T0=$(date +%s); say(){ echo "[$(( $(date +%s) - T0 ))s] $*"; }
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$OUT/gpu.txt"
PY=""
for c in python3 python /opt/torch/.venv/bin/python; do
  command -v "$c" >/dev/null 2>&1 && "$c" -c 'import torch' 2>/dev/null && { PY=$(command -v "$c"); break; }
done
[ -n "$PY" ] || { say "no python with torch"; exit 3; }
say "python $PY: $("$PY" -c 'import torch;print(torch.__version__, torch.version.cuda, torch.cuda.is_available())')"
mon_start(){ : > "$OUT/mem-$1.txt"; nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 200 > "$OUT/mem-$1.txt" 2>/dev/null & MON=$!; }
mon_stop(){ kill "$MON" 2>/dev/null; wait "$MON" 2>/dev/null; echo "$(sort -n "$OUT/mem-$1.txt" | tail -1)"; }

# DJL's JNI for this libtorch, compiled on the CPUs while the official code runs on the GPU
( bash scripts/gpu/build-jni.sh "$PY" "$B/jni" > "$OUT/jni-build.log" 2>&1; echo $? > "$OUT/jni-build.rc" ) &
JNI=$!

SETTING="--student swinir-s --teacher swinir-m --batch 16 --patch 48 --scale 4"
official(){ local mode=$1 tag=$2
  mon_start "official-$mode$tag"
  PYTHONPATH=$PWD/scripts/gpu/pystubs timeout 300 "$PY" "$B/official-bench/official_step.py" .official --gpu --threads 4 \
      $SETTING --vq vqgan-f16 --iters 10 --mode "$mode" > "$OUT/official-$mode$tag.out" 2> "$OUT/official-$mode$tag.log"
  local rc=$? peak; peak=$(mon_stop "official-$mode$tag")
  tail -1 "$OUT/official-$mode$tag.out" | "$PY" -c "import json,sys
try: d=json.loads(sys.stdin.read())
except Exception: d={'error':'no result'}
d.update(rc=$rc, nvidia_smi_peak_mib=int('${peak:-0}' or 0)); print(json.dumps(d))" | tee "$OUT/official-$mode$tag.json"
  [ $rc = 0 ] || tail -5 "$OUT/official-$mode$tag.log"
}
say "official scratch"; official scratch ""
say "official dckd"; official dckd ""

say "waiting for the JNI build"; wait $JNI; say "jni rc=$(cat "$OUT/jni-build.rc")"; tail -3 "$OUT/jni-build.log"
if [ "$(cat "$OUT/jni-build.rc")" = 0 ]; then
  if ! command -v java >/dev/null || ! java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])'; then
    mkdir -p /tmp/dckd-jre && tar -C /tmp/dckd-jre -xJf "$B/jre.tar.xz" && export DCKD_JAVA=/tmp/dckd-jre/jre17/bin/java
    export PATH=/tmp/dckd-jre/jre17/bin:$PATH
  fi
  export DCKD_DJL_JNI=$B/jni/libdjl_torch.so PY
  # shellcheck disable=SC1091
  source scripts/gpu/gpu-env.sh
  say "dckd bench"
  DIST=$B/dist OUT=$OUT/dckd BENCH_TIMEOUT=${BENCH_TIMEOUT:-200} bash scripts/gpu/bench-paper-setting.sh
  say "official dckd again"; official dckd "-again"
fi
# the device tool returns a few files only: one summary, the rest in one archive
"$PY" - "$OUT" <<'PYEOF' | tee "$OUT/summary.json"
import glob, json, os, sys
out = sys.argv[1]; res = {}
for f in sorted([g for g in glob.glob(os.path.join(out, '*.json')) if not g.endswith('summary.json')] + glob.glob(os.path.join(out, 'dckd', '*.json'))):
    try: res[os.path.relpath(f, out)] = json.load(open(f))
    except Exception as e: res[os.path.relpath(f, out)] = {'error': str(e)}
print(json.dumps(res))
PYEOF
(cd "$OUT" && tar czf details.tgz --exclude summary.json --exclude details.tgz . 2>/dev/null)
find "$OUT" -mindepth 1 -not -name summary.json -not -name details.tgz -delete 2>/dev/null
say "done"
