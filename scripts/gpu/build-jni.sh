#!/usr/bin/env bash
# Compiles DJL 0.36.0's PyTorch JNI (libdjl_torch.so) against the libtorch of the Python on this machine,
# so that dckd runs on that libtorch (CUDA) without DJL's own natives. The kit (made by make-bundle.sh):
#   KIT/src      DJL's engines/pytorch/pytorch-native/src/main/native (tag v0.36.0)
#   KIT/include  djl/utils.h from DJL's api, jni.h, jni_md.h
#   KIT/gen      ai_djl_pytorch_jni_PyTorchLibrary.h (javac -h of DJL's PyTorchLibrary)
# Two source edits for libtorch >= 2.8: c10::optional -> std::optional, AutoNonVariableTypeMode ->
# AutoDispatchBelowAutograd. Built without USE_CUDA: that flag only adds a separate CUDA stream for
# TorchScript inference and an explicit cache flush, neither of which dckd uses; CUDA kernels come from
# libtorch_cuda, linked in (and loaded) below.
#   build-jni.sh PYTHON KIT   -> KIT/libdjl_torch.so
set -euo pipefail
PY=$1; KIT=$2
TORCH_DIR=$("$PY" -c 'import torch,os;print(os.path.dirname(torch.__file__))')
ABI=$("$PY" -c 'import torch;print(int(torch._C._GLIBCXX_USE_CXX11_ABI))')
W=$(mktemp -d); cp "$KIT"/src/* "$W"/
sed -i 's/torch::AutoNonVariableTypeMode guard;/at::AutoDispatchBelowAutograd guard;/' "$W"/*.cc
"$PY" -c 'import torch,sys;sys.exit(0 if tuple(map(int,torch.__version__.split(".")[:2])) >= (2,8) else 1)' \
  && sed -i 's/c10::optional</std::optional</g' "$W"/*.cc "$W"/*.h
echo "build-jni: torch $("$PY" -c 'import torch;print(torch.__version__)') at $TORCH_DIR, CXX11 ABI $ABI, $(g++ --version | head -1)"
FLAGS="-std=c++17 -O2 -fPIC -w -D_GLIBCXX_USE_CXX11_ABI=$ABI -I$KIT/gen -I$KIT/include -I$W -I$TORCH_DIR/include -I$TORCH_DIR/include/torch/csrc/api/include ${JNI_EXTRA_FLAGS:-}"
ls "$W"/*.cc | xargs -P "$(nproc)" -I{} sh -c "g++ $FLAGS -c {} -o {}.o || exit 255"
g++ -shared -o "$KIT/libdjl_torch.so" "$W"/*.o -L"$TORCH_DIR/lib" -Wl,--no-as-needed -ltorch -ltorch_cpu -lc10 \
    $(ls "$TORCH_DIR"/lib/libtorch_cuda.so >/dev/null 2>&1 && echo "-ltorch_cuda -lc10_cuda") -Wl,-rpath,"$TORCH_DIR/lib"
echo "build-jni: $KIT/libdjl_torch.so ($(du -h "$KIT/libdjl_torch.so" | cut -f1))"
