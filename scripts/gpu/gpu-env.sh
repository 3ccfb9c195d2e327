#!/usr/bin/env bash
# Source this on a CUDA machine that has no network and no DJL CUDA natives, but a Python with PyTorch:
# dckd then runs on that PyTorch's libtorch (CUDA) through DJL's JNI.
#
#   DCKD_DJL_JNI   path to a libdjl_torch.so compiled for THIS libtorch version (DJL 0.36.0's JNI sources
#                  built against the machine's torch headers; DJL's prebuilt 2.7.1 JNI does not work with
#                  other libtorch versions: see scripts/gpu/README.md)
#   DCKD_JAVA      a Java 17+ binary (default: java on PATH)
#
# Sets PYTORCH_LIBRARY_PATH, PYTORCH_FLAVOR=cu128, DJL_CACHE_DIR (with the JNI placed where DJL looks
# first), LD_LIBRARY_PATH (torch + the pip nvidia libraries), a libcudart.so link for DJL's GPU
# detection (without it DJL silently stays on the CPU), and DCKD_EXTERNAL_TORCH=1.
set -u
PY=${PY:-}
for c in "$PY" python3 python /opt/torch/.venv/bin/python; do
  [ -n "$c" ] && command -v "$c" >/dev/null 2>&1 && "$c" -c 'import torch' 2>/dev/null && { PY=$c; break; }
done
[ -n "$PY" ] || { echo "gpu-env: no python with torch found" >&2; return 2 2>/dev/null || exit 2; }
TORCH_LIB=$("$PY" -c 'import torch,os;print(os.path.join(os.path.dirname(torch.__file__),"lib"))')
SITE=$(dirname "$(dirname "$TORCH_LIB")")
[ -f "${DCKD_DJL_JNI:-}" ] || { echo "gpu-env: DCKD_DJL_JNI must name a libdjl_torch.so built for $("$PY" -c 'import torch;print(torch.__version__)')" >&2; return 3 2>/dev/null || exit 3; }
export DJL_CACHE_DIR=${DJL_CACHE_DIR:-/tmp/dckd-djl-cache}
for fl in cu128 cpu; do
  mkdir -p "$DJL_CACHE_DIR/pytorch/2.7.1-$fl-linux-x86_64"
  cp "$DCKD_DJL_JNI" "$DJL_CACHE_DIR/pytorch/2.7.1-$fl-linux-x86_64/0.36.0-libdjl_torch.so"
done
CUDART=$(ls "$SITE"/nvidia/cu13/lib/libcudart.so.* "$SITE"/nvidia/cuda_runtime/lib/libcudart.so.* /usr/local/cuda/lib64/libcudart.so.* 2>/dev/null | head -1)
mkdir -p /tmp/dckd-cudart && [ -n "$CUDART" ] && ln -sf "$CUDART" /tmp/dckd-cudart/libcudart.so
NVLIBS=$(ls -d "$SITE"/nvidia/*/lib 2>/dev/null | paste -sd: -)
export LD_LIBRARY_PATH="/tmp/dckd-cudart${NVLIBS:+:$NVLIBS}:$TORCH_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export PYTORCH_LIBRARY_PATH="$TORCH_LIB" PYTORCH_FLAVOR=cu128 DJL_OFFLINE=true DCKD_EXTERNAL_TORCH=1
export PYTORCH_CUDA_ALLOC_CONF="${PYTORCH_CUDA_ALLOC_CONF:-expandable_segments:True}"
unset PYTORCH_VERSION
export DCKD_JAVA_OPTS="${DCKD_JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED -Djna.library.path=/tmp/dckd-cudart"
[ -n "${DCKD_JAVA:-}" ] && export JAVA_HOME=$(dirname "$(dirname "$DCKD_JAVA")")
echo "gpu-env: torch $("$PY" -c 'import torch;print(torch.__version__, torch.version.cuda)') at $TORCH_LIB; JNI $DCKD_DJL_JNI"
