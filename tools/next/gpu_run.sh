#!/usr/bin/env bash
# One call on a lent GPU (tools/next/notes: the drafts of chapters 12, 13, 14 and 10 at the book budget, and
# chapter 9's pilot seeds 1 and 2). Trains what it can until DEADLINE seconds from now, then packs every finished
# run (records; weights of the runs named below) into $OUT/<chapter>.tar, the logs into $OUT/logs.tgz.
#   run from the repository root with .device/mnist.tar.xz carried:  bash tools/next/gpu_run.sh 420
set -u
DEADLINE=${1:-420}
mkdir -p .device/data && tar xJf .device/mnist.tar.xz -C .device/data || exit 3
export PYTHONPATH=$PWD GEN_UTILS_DATA=$PWD/.device/data GEN_UTILS_BUDGET=book GEN_UTILS_CHECKPOINTS=/tmp/ck MPLBACKEND=Agg \
       PYTHONUNBUFFERED=1 OMP_NUM_THREADS=1 PYTHONHASHSEED=0
export GEN_UTILS_STOP_AT=$(python3 -c "import time; print(time.time() + $DEADLINE)")
L=$OUT/logs; mkdir -p $L
{ nvidia-smi -L; python3 -c "import torch; print(torch.__version__, torch.cuda.is_available())"; } > $L/machine.txt 2>&1
cells() {  # name notebook [run_cells options]: one process, its log and progress lines under $L
  local name=$1; shift
  GEN_UTILS_LOG=$L/$name.log timeout $((DEADLINE + 90)) python3 tools/run_cells.py --keep-going "$@" > $L/$name.out 2>&1
  echo "$(date +%T) $name exit $?" >> $L/done.txt
}
R='SEEDS = (0, 1, 2)=>SEEDS'
( cells ch12 tools/next/12_wgan.ipynb; cells ch13_toys tools/next/13_wgan_gp.ipynb --cells 1-7 ) &
( cells ch14 tools/next/14_sngan.ipynb; cells ch10_s0 tools/next/10_pix2pix.ipynb --replace "$R = (0,)" ) &
( cells ch13 tools/next/13_wgan_gp.ipynb --cells 1-4,8-11; cells ch10_s1 tools/next/10_pix2pix.ipynb --replace "$R = (1,)" ) &
( GEN_UTILS_LOG=$L/ch09_pilot.log timeout $((DEADLINE + 60)) python3 tools/next/ch09_pilot.py authors 1 2 > $L/ch09_pilot.out 2>&1
  echo "$(date +%T) ch09_pilot exit $?" >> $L/done.txt
  cells ch10_s2 tools/next/10_pix2pix.ipynb --replace "$R = (2,)" ) &
wait
nvidia-smi >> $L/machine.txt 2>&1
python3 tools/next/gpu_pack.py /tmp/pack --chapters 10_pix2pix 12_wgan 13_wgan_gp 14_sngan \
  --weights-like ch12_wgan_s ch13_wgan_gp_s ch13_toy ch13_fixed ch14_sngan_s ch10_L1_cGAN_unet_p8_s > $L/pack.out 2>&1
cp book/results/1[0234]_*.json $L/ 2>/dev/null
for d in /tmp/pack/*/; do n=$(basename $d); tar czf $OUT/$n.tgz -C /tmp/pack $n; [ $(stat -c %s $OUT/$n.tgz) -gt 15000000 ] && split -b 15000000 $OUT/$n.tgz $OUT/$n.tgz. && rm $OUT/$n.tgz; done
tar czf $OUT/logs.tgz -C $OUT logs && rm -rf $L
ls -la $OUT
