#!/bin/sh
# Builds the optional data-parallel module dckd-c10d (PyTorch c10d/Gloo through org.bytedeco:pytorch,
# about 104 MB of natives; linux-x86_64 with g++) and copies its jars into a dckd distribution's
# lib/c10d/, where `dckd train --nproc N` looks for them.
#   scripts/c10d-install.sh [DCKD_HOME]    (default: dckd-launcher/target/dckd)
#   MVN_FLAGS   extra Maven flags (e.g. -o for offline)
set -e
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HOME_DIR="${1:-$ROOT/dckd-launcher/target/dckd}"
[ -d "$HOME_DIR/lib" ] || { echo "c10d-install: $HOME_DIR/lib does not exist: build the distribution first (mvn -B -ntp -DskipTests package)" >&2; exit 2; }
(cd "$ROOT" && mvn -B -q -ntp ${MVN_FLAGS:-} -pl dckd-plugins/c10d -am -DskipTests package)
mkdir -p "$HOME_DIR/lib/c10d"
rm -f "$HOME_DIR/lib/c10d/"*.jar
cp "$ROOT/dckd-plugins/c10d/target/c10d/"*.jar "$HOME_DIR/lib/c10d/"
echo "c10d-install: $(ls "$HOME_DIR/lib/c10d" | wc -l) jars in $HOME_DIR/lib/c10d ($(du -sh "$HOME_DIR/lib/c10d" | cut -f1))"
