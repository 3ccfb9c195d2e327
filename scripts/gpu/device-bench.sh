#!/usr/bin/env bash
# One device call: the official DCKD training step (super-SSS/DCKD) and dckd's, at the paper setting
# (teacher swinir-m, student swinir-s, encoder vqgan-f16, batch 16, LR 48x48, x4, every term), on the same
# GPU: scratch (student, L1) and DCKD for both, and dckd's DCKD step again with precision.frozen = bf16
# (the official code has no such option: it runs fp32). Order: official, dckd (scratch, DCKD fp32, DCKD
# bf16), official again (drift check). Every result is a JSON file in $OUT, gathered into summary.json;
# peak GPU memory is nvidia-smi's memory.used (the same gauge for both: CUDA context + caching allocator),
# next to torch's own max_memory_allocated for the official code.
# Run from the repository root with build/gpu-bundle (make-bundle.sh) and .official carried:
#   device run: bash scripts/gpu/device-bench.sh   carry: ["build/gpu-bundle", ".official"]
# Dry run of every step on a CPU machine, the same networks at batch 1, LR 16x16, with the built
# distribution (dckd-launcher/target/dckd) and no JNI build; the official step runs when a Python with
# torch and .official are there, else its JSON says why it did not:
#   bash scripts/gpu/device-bench.sh --cpu --tiny
set -u
CPU=0; TINY=0
for a in "$@"; do
  case $a in
    --cpu) CPU=1 ;;
    --tiny) TINY=1 ;;
    *) echo "usage: device-bench.sh [--cpu] [--tiny]" >&2; exit 2 ;;
  esac
done
B=$PWD/build/gpu-bundle; OUT=${OUT:-/tmp/dckd-device}; mkdir -p "$OUT"
T0=$(date +%s); say(){ echo "[$(( $(date +%s) - T0 ))s] $*"; }
if [ $CPU = 1 ]; then
  echo "cpu: $(nproc) cores, $(uptime | sed 's/.*load average/load average/')" | tee "$OUT/gpu.txt"
else
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$OUT/gpu.txt"
fi
PY=""
for c in python3 python /usr/bin/python3 /opt/torch/.venv/bin/python; do
  command -v "$c" >/dev/null 2>&1 && "$c" -c 'import torch' 2>/dev/null && { PY=$(command -v "$c"); break; }
done
if [ -n "$PY" ]; then
  say "python $PY: $("$PY" -c 'import torch;print(torch.__version__, torch.version.cuda, torch.cuda.is_available())')"
elif [ $CPU = 0 ]; then
  say "no python with torch"; exit 3
fi
mon_start(){ : > "$OUT/mem-$1.txt"; MON=""; command -v nvidia-smi >/dev/null || return 0
  nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 200 > "$OUT/mem-$1.txt" 2>/dev/null & MON=$!; }
mon_stop(){ [ -n "$MON" ] && { kill "$MON" 2>/dev/null; wait "$MON" 2>/dev/null; }; echo "$(sort -n "$OUT/mem-$1.txt" | tail -1)"; }

# DJL's JNI for this libtorch, compiled on the CPUs while the official code runs on the GPU
JNI=""
if [ $CPU = 0 ]; then
  ( bash scripts/gpu/build-jni.sh "$PY" "$B/jni" > "$OUT/jni-build.log" 2>&1; echo $? > "$OUT/jni-build.rc" ) &
  JNI=$!
fi

SETTING="--student swinir-s --teacher swinir-m --batch 16 --patch 48 --scale 4"; ITERS=10
[ $TINY = 1 ] && { SETTING="--student swinir-s --teacher swinir-m --batch 1 --patch 16 --scale 4"; ITERS=2; }
BENCH=$B/official-bench; [ -d "$BENCH" ] || BENCH=../shared/official-bench
official(){ local mode=$1 tag=$2
  if [ -z "$PY" ] || [ ! -d .official/basicsr ]; then
    echo "{\"skipped\": \"$([ -z "$PY" ] && echo 'no python with torch on this machine' || echo '.official (the official DCKD code) is missing')\"}" \
      | tee "$OUT/official-$mode$tag.json"
    return
  fi
  local where="--gpu --threads 4"; [ $CPU = 1 ] && where="--threads 2"
  mon_start "official-$mode$tag"
  # shellcheck disable=SC2086
  PYTHONPATH=$PWD/scripts/gpu/pystubs timeout 300 "$PY" "$BENCH/official_step.py" .official $where \
      $SETTING --vq vqgan-f16 --iters $ITERS --mode "$mode" > "$OUT/official-$mode$tag.out" 2> "$OUT/official-$mode$tag.log"
  local rc=$? peak; peak=$(mon_stop "official-$mode$tag")
  tail -1 "$OUT/official-$mode$tag.out" | "$PY" -c "import json,sys
try: d=json.loads(sys.stdin.read())
except Exception: d={'error':'no result'}
d.update(rc=$rc, nvidia_smi_peak_mib=int('${peak:-0}' or 0)); print(json.dumps(d))" | tee "$OUT/official-$mode$tag.json"
  [ $rc = 0 ] || tail -5 "$OUT/official-$mode$tag.log"
}
say "official scratch"; official scratch ""
say "official dckd"; official dckd ""

if [ $CPU = 1 ]; then
  say "dckd bench (cpu$([ $TINY = 1 ] && echo ', tiny'))"
  DIST=${DIST:-dckd-launcher/target/dckd} OUT=$OUT/dckd DEVICE=cpu TINY=$TINY BENCH_TIMEOUT=${BENCH_TIMEOUT:-300} \
    bash scripts/gpu/bench-paper-setting.sh
  say "official dckd again"; official dckd "-again"
else
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
    DIST=$B/dist OUT=$OUT/dckd TINY=$TINY BENCH_TIMEOUT=${BENCH_TIMEOUT:-200} bash scripts/gpu/bench-paper-setting.sh
    say "official dckd again"; official dckd "-again"
  fi
fi
# the device tool returns a few files only: one summary, the rest in one archive
"${PY:-python3}" - "$OUT" "$CPU" "$TINY" <<'PYEOF' | tee "$OUT/summary.json"
import glob, json, os, sys
out = sys.argv[1]; res = {'run': {'cpu': sys.argv[2] == '1', 'tiny': sys.argv[3] == '1', 'machine': open(os.path.join(out, 'gpu.txt')).read().strip()}}
for f in sorted([g for g in glob.glob(os.path.join(out, '*.json')) if not g.endswith('summary.json')] + glob.glob(os.path.join(out, 'dckd', '*.json'))):
    try: res[os.path.relpath(f, out)] = json.load(open(f))
    except Exception as e: res[os.path.relpath(f, out)] = {'error': str(e)}
print(json.dumps(res))
PYEOF
(cd "$OUT" && tar czf details.tgz --exclude summary.json --exclude details.tgz . 2>/dev/null)
find "$OUT" -mindepth 1 -not -name summary.json -not -name details.tgz -delete 2>/dev/null
say "done"
