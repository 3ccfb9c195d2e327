#!/usr/bin/env bash
# Prepares build/gpu-bundle (git-ignored, about 40 MB) for one device call of device-bench.sh:
#   dist/          the dckd distribution without its CPU libtorch (the device uses its own CUDA one)
#   jre.tar.xz     a Java 17 runtime (jlink), used when the device has no Java 17+
#   jni/           DJL 0.36.0's JNI sources, headers and the generated JNI header (build-jni.sh compiles it there)
#   official-bench official_step.py and its shims (../shared/official-bench)
# Needs: mvn package done, a fetched DJL git dir (DJL_GIT), ../shared/official-bench, and .official (the
# official DCKD code: git archive of super-SSS/DCKD).
set -euo pipefail
cd "$(dirname "$0")/../.."
B=build/gpu-bundle; DJL_GIT=${DJL_GIT:-/work/.mirror/deepjavalibrary+djl/repo}
JDK=${JDK:-/usr/lib/jvm/java-17-openjdk-amd64}
[ -d .official/basicsr ] || { echo "make-bundle: .official (the official DCKD code) is missing" >&2; exit 2; }
rm -rf "$B/dist" "$B/jni" "$B/official-bench"; mkdir -p "$B/jni/src" "$B/jni/include" "$B/jni/gen"
cp -r dckd-launcher/target/dckd "$B/dist" && rm -rf "$B/dist/lib/classpath-only" "$B/dist/data"
T=$(mktemp -d)
git --git-dir="$DJL_GIT" archive v0.36.0 engines/pytorch/pytorch-native/src/main/native api/src/main/native/djl \
    engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java | tar x -C "$T"
cp "$T"/engines/pytorch/pytorch-native/src/main/native/* "$B/jni/src/"
cp -r "$T"/api/src/main/native/djl "$B/jni/include/"
cp "$JDK/include/jni.h" "$JDK/include/linux/jni_md.h" "$B/jni/include/"
CP=$(find ~/.m2/repository/ai/djl -name api-0.36.0.jar -o -name pytorch-engine-0.36.0.jar | paste -sd:)
"$JDK/bin/javac" -h "$B/jni/gen" -d "$T/cls" -cp "$CP" "$T"/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java
cp -r ../shared/official-bench "$B/official-bench"
if [ ! -f "$B/jre.tar.xz" ]; then
  "$JDK/bin/jlink" --add-modules java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.sql,java.xml,java.scripting,jdk.unsupported,jdk.management,jdk.crypto.ec \
      --strip-debug --no-header-files --no-man-pages --output "$T/jre17"
  tar -C "$T" -cJf "$B/jre.tar.xz" jre17
fi
du -sh "$B" .official
