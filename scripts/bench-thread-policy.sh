#!/bin/sh
# Times one training step under each OpenMP thread-wait policy, on a quiet machine and next to CPU
# burners (busy loops, one per core, like a second training job). Prints one TSV line per
# (load, policy, mode): median / min / max ms per step from `dckd bench`.
#   DIST     dckd distribution folder (default dckd-launcher/target/dckd)
#   STEPS    timed steps per bench (default 15)
#   BURNERS  busy loops in the "busy" condition (default: number of cores)
set -eu
DIST="${DIST:-dckd-launcher/target/dckd}"
STEPS="${STEPS:-15}"
BURNERS="${BURNERS:-$(nproc)}"
OUTDIR="${OUTDIR:-$(mktemp -d)}"
POLICIES="default PASSIVE spin10000 spin100000"
MODES="dckd scratch"

bench() { # policy mode json
  case "$1" in
    default) env -u OMP_WAIT_POLICY -u GOMP_SPINCOUNT "$DIST/bin/dckd" bench $(args "$2") --json "$3" ;;
    PASSIVE) env -u GOMP_SPINCOUNT OMP_WAIT_POLICY=PASSIVE "$DIST/bin/dckd" bench $(args "$2") --json "$3" ;;
    spin*) env -u OMP_WAIT_POLICY GOMP_SPINCOUNT="${1#spin}" "$DIST/bin/dckd" bench $(args "$2") --json "$3" ;;
  esac >/dev/null 2>&1
}
# the sr-x4-quick shapes: batch 4, LR 16x16; dckd = rcan-t teacher, rcan-s student, vq-tiny; scratch = teacher stage
args() {
  case "$1" in
    dckd) echo "--mode dckd --batch 4 --patch 16 --steps $STEPS --warmup 3 --threads 0" ;;
    scratch) echo "--mode scratch --student rcan-t --batch 4 --patch 16 --steps $STEPS --warmup 3 --threads 0" ;;
  esac
}
# the first occurrence: the summary (the samples that follow carry running medians)
field() { grep -o "\"$2\":[0-9.]*" "$1" | head -1 | cut -d: -f2; }

burn_pids=""
start_burners() { i=0; while [ $i -lt "$BURNERS" ]; do sh -c 'while :; do :; done' & burn_pids="$burn_pids $!"; i=$((i+1)); done; }
stop_burners() { [ -n "$burn_pids" ] && kill $burn_pids 2>/dev/null; burn_pids=""; }
trap stop_burners EXIT INT TERM

printf 'load\tpolicy\tmode\tmedian_ms\tmin_ms\tmax_ms\n'
for load in quiet busy; do
  [ "$load" = busy ] && start_burners
  for mode in $MODES; do
    for policy in $POLICIES; do
      j="$OUTDIR/$load-$policy-$mode.json"
      bench "$policy" "$mode" "$j" || { printf '%s\t%s\t%s\tFAILED\n' "$load" "$policy" "$mode"; continue; }
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$load" "$policy" "$mode" "$(field "$j" median_ms)" "$(field "$j" min_ms)" "$(field "$j" max_ms)"
    done
  done
  stop_burners
done
