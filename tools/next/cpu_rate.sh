#!/usr/bin/env bash
# Seconds per generator step of a draft's book-budget training on this CPU: trains seed 0 from scratch for SECONDS,
# its progress lines in runs/cpu_rate_<name>.log (step and time of each).  bash tools/next/cpu_rate.sh 12_wgan 5 180
set -u
ch=$1 cells=$2 seconds=$3
d=$(mktemp -d)
GEN_UTILS_BUDGET=book GEN_UTILS_TRAIN=1 GEN_UTILS_CHECKPOINTS=$d GEN_UTILS_LOG=runs/cpu_rate_$ch.log \
GEN_UTILS_STOP_AT=$(python3 -c "import time; print(time.time() + $seconds)") \
  .venv/bin/python tools/run_cells.py tools/next/$ch.ipynb --cells "$cells" --replace "SEEDS = (0, 1, 2)=>SEEDS = (0,)" \
  > runs/cpu_rate_$ch.out 2>&1
rm -rf "$d"
