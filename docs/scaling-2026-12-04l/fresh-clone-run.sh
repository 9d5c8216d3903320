#!/bin/bash
# Fresh-clone measurement of issue 10: up, demo, demo c=1000, bench x2, demos again
set -u
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
FC=/work/fc4; OUT=/work/prof/fc/out
rm -rf $FC $OUT; mkdir -p $OUT
git clone -q /work/main $FC && cd $FC || exit 1
git log --oneline | head -1 > $OUT/log.txt
export SECKILL_DB_NAME=seckill_fc4 SECKILL_PAYMENT_TIMEOUT=6h
step() { # name command...
  local name=$1; shift
  echo "$(date -u +%T) start $name load $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/log.txt
  local t0=$SECONDS
  "$@" > $OUT/$name.txt 2>&1; local rc=$?
  echo "$(date -u +%T) end   $name rc=$rc $((SECONDS - t0)) s load $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/log.txt
}
step up ./seckill up
step demo-c200-a ./seckill demo
step demo-c1000-a ./seckill demo --concurrency 1000
step bench-1 ./seckill bench --warmup 10 --out $OUT/bench-1
step bench-2 ./seckill bench --warmup 5 --out $OUT/bench-2
step demo-c200-b ./seckill demo
step demo-c1000-b ./seckill demo --concurrency 1000
cat $OUT/log.txt
