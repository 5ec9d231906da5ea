#!/usr/bin/env bash
# Makes sure a Redis answers on 127.0.0.1:6379 (REDIS_PORT overrides the port) for the
# integration tests (*.int.test.ts): starts redis-server, installing it with apt-get when missing,
# and waits up to ~20 s for PONG.
set -euo pipefail

HOST=127.0.0.1
PORT="${REDIS_PORT:-6379}"
WAIT_SECONDS=20

redis_answers() {
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -h "$HOST" -p "$PORT" ping 2>/dev/null)" = "PONG" ]
  else
    # No redis-cli: speak RESP over bash's /dev/tcp.
    local reply
    reply="$(timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$PORT && printf 'PING\r\n' >&3 && head -c 7 <&3" 2>/dev/null || true)"
    [[ "$reply" == "+PONG"* ]]
  fi
}

if redis_answers; then
  echo "Redis already answers on $HOST:$PORT"
  exit 0
fi

if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis-server not found; installing it with apt-get"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  if ! { $SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y redis-server; }; then
    echo "ensure-redis: could not install redis-server — install it yourself (apt-get install redis-server) or point REDIS_URL at a running Redis" >&2
    exit 1
  fi
fi

echo "Starting redis-server on $HOST:$PORT"
redis-server --daemonize yes --bind "$HOST" --port "$PORT" --save "" --appendonly no

for _ in $(seq 1 $((WAIT_SECONDS * 2))); do
  if redis_answers; then
    echo "Redis answers on $HOST:$PORT"
    exit 0
  fi
  sleep 0.5
done

echo "ensure-redis: Redis did not answer PING on $HOST:$PORT within ${WAIT_SECONDS} s — check that the port is free and run redis-server --port $PORT in the foreground to see why it fails" >&2
exit 1
