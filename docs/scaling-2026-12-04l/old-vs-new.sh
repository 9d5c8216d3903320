#!/bin/bash
# same VM, same run: the ingress of 8e6067f (before issue 10) vs HEAD's, alternating
cd /work/fc4
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 SECKILL_DB_NAME=seckill_fc4 SECKILL_PAYMENT_TIMEOUT=6h
SECRET=$($JAVA_HOME/bin/java -XX:TieredStopAtLevel=1 -jar loadgen/target/seckill-loadgen-0.1.0-SNAPSHOT-exec.jar dev-secret)
stop_ingress() { local pid; pid=$(cat .seckill/pids/ingress.pid 2>/dev/null) || return 0; kill -TERM $pid 2>/dev/null; while kill -0 $pid 2>/dev/null; do sleep 0.3; done; rm -f .seckill/pids/ingress.pid; }
start_old() {
  setsid env SECKILL_DB_NAME=$SECKILL_DB_NAME SECKILL_RABBITMQ_VHOST=/ SECKILL_REDIS_MASTER=seckill \
    SECKILL_REDIS_SENTINELS=127.0.0.1:26380,127.0.0.1:26381,127.0.0.1:26382 SECKILL_HTTP_PORT=8080 \
    SECKILL_JWT_SECRET=$SECRET SECKILL_JWT_ALLOW_DEV_SECRET=true \
    $JAVA_HOME/bin/java -Xmx256m -jar /work/old/ingress/target/seckill-ingress-0.1.0-SNAPSHOT-exec.jar \
    > /work/prof/fc/old-ingress.log 2>&1 < /dev/null &
  echo $! > .seckill/pids/ingress.pid
  for i in $(seq 120); do [[ $(curl -s localhost:8080/actuator/health/readiness) == *UP* ]] && break; sleep 0.5; done
  echo "old ingress ready after $((i/2)) s"
}
for i in 1 2; do for v in old new; do
  stop_ingress
  if [[ $v == old ]]; then start_old; else ./seckill up > /dev/null 2>&1; fi
  sleep 5
  echo "== $v $i $(date +%T) $(uptime | sed 's/.*average//')"
  ./seckill bench --only baseline,sold-out,purchase --warmup 10 --out /work/prof/fc/on-$v-$i > /work/prof/fc/on-$v-$i.txt 2>&1
  grep -E "^  (baseline|sold-out|purchase)  |CPU us/request" /work/prof/fc/on-$v-$i.txt | head -6
done; done
stop_ingress; ./seckill up > /dev/null 2>&1
