#!/bin/sh
# Builds dckd's c10d bridge: build.sh <java.home> <output folder> <scratch folder>
# It links against stand-in libtorch_cpu.so / libc10.so (empty, with those sonames): the real ones
# come from org.bytedeco:pytorch's natives, loaded before the bridge (C10d.load), and are found by soname.
set -eu
jdk=$1
out=$2
work=$3
src=$(dirname "$0")/dckd_c10d.cpp
mkdir -p "$out" "$work"
printf '' > "$work/empty.c"
for lib in torch_cpu c10; do
  cc -shared -o "$work/lib$lib.so" -Wl,-soname,"lib$lib.so" "$work/empty.c"
done
g++ -std=c++17 -O2 -shared -fPIC -fvisibility=hidden -fvisibility-inlines-hidden -Wall -Wextra \
  -I"$jdk/include" -I"$jdk/include/linux" "$src" \
  -L"$work" -Wl,--no-as-needed -ltorch_cpu -lc10 -o "$out/libdckd_c10d.so"
