#!/usr/bin/env bash
# Make sure the real parts the governance tests use are there: Redis on 127.0.0.1:6379
# (PostgreSQL is .ci/run's business). Starts redis-server if it is not running, installing it
# with apt-get when missing and running as root. Under CI=true a Redis that cannot be reached
# fails (exit 1); otherwise this only warns, and the worker tests skip themselves.
set -uo pipefail

PORT=${LEDNING_TEST_REDIS_PORT:-6379}

ping_redis() {
  if command -v redis-cli >/dev/null 2>&1; then
    redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT" && printf 'PING\r\n' >&3 && head -c 5 <&3 | grep -q PONG) \
      2>/dev/null
  fi
}

give_up() {
  echo "Redis on 127.0.0.1:$PORT: $*" >&2
  if [[ ${CI:-} == true ]]; then
    exit 1
  fi
  echo "(not under CI: the governance worker tests will be skipped)" >&2
  exit 0
}

if ping_redis; then
  echo "Redis on 127.0.0.1:$PORT is running."
  exit 0
fi

if ! command -v redis-server >/dev/null 2>&1; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing redis-server …"
    apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null 2>&1 \
      || give_up "redis-server is not installed and apt-get could not install it"
  else
    give_up "redis-server is not installed"
  fi
fi

if [[ $(id -u) == 0 ]]; then
  DATA_DIR=/var/lib/redis
  LOG_DIR=/var/log/redis
else
  DATA_DIR=${TMPDIR:-/tmp}/ledning-redis
  LOG_DIR=$DATA_DIR
fi
mkdir -p "$DATA_DIR" "$LOG_DIR"

echo "Starting redis-server on 127.0.0.1:$PORT …"
redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$PORT" --save "" \
  --appendonly no --dir "$DATA_DIR" --logfile "$LOG_DIR/ci.log" >/dev/null \
  || give_up "redis-server did not start (see $LOG_DIR/ci.log)"

for _ in $(seq 1 50); do
  if ping_redis; then
    echo "Redis on 127.0.0.1:$PORT is running."
    exit 0
  fi
  sleep 0.2
done
give_up "started, but does not answer (see $LOG_DIR/ci.log)"
