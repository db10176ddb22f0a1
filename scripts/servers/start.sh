#!/usr/bin/env bash
# Starts one test server on 127.0.0.1 in the background, waits until it serves, prints its address and records it.
# Usage: scripts/servers/start.sh kafka|redis|nats [DIR]
#   kafka  librdkafka's mock cluster with 3 brokers (through kcat); the address is a bootstrap list "h:p,h:p,h:p"
#   redis  redis-server without persistence; the address is "127.0.0.1:PORT"
#   nats   nats-server with JetStream (storage in DIR); the address is "127.0.0.1:PORT"
# DIR (default ${TMPDIR:-/tmp}/rivulet-servers) receives NAME.address, NAME.pid and NAME.log.
# Stop it with scripts/servers/stop.sh NAME [DIR]. Installs the server's Debian package first if it is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
name="${1:?usage: start.sh kafka|redis|nats [DIR]}"
dir="${2:-${TMPDIR:-/tmp}/rivulet-servers}"
mkdir -p "$dir"
"$here/install.sh" "$name"
export PATH="$PATH:/usr/sbin"

log="$dir/$name.log"
: >"$log"
rm -f "$dir/$name.address" "$dir/$name.pid"

# A free loopback port, for servers that cannot pick one themselves (redis).
free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

case "$name" in
  kafka)
    # The mock cluster lives as long as this consumer; topics are auto-created on first use.
    kcat -b unused:1 -X test.mock.num.brokers=3 -C -q -t rivulet-mock-warmup >"$log" 2>&1 &
    ready='Mock cluster enabled'
    ;;
  redis)
    port=$(free_port)
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >"$log" 2>&1 &
    ready='Ready to accept connections'
    ;;
  nats)
    mkdir -p "$dir/nats-store"
    nats-server -a 127.0.0.1 -p -1 -js -sd "$dir/nats-store" >"$log" 2>&1 &
    ready='Server is ready'
    ;;
  *)
    echo "unknown test server '$name' (expected kafka, redis or nats)" >&2
    exit 1
    ;;
esac
pid=$!

for _ in $(seq 1 200); do
  if grep -q "$ready" "$log"; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "$name test server exited while starting; its log ($log):" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.05
done
if ! grep -q "$ready" "$log"; then
  kill "$pid" 2>/dev/null || true
  echo "$name test server did not report '$ready' within 10 s; its log ($log):" >&2
  cat "$log" >&2
  exit 1
fi

case "$name" in
  kafka) address=$(sed -n 's/.*replaced with \([0-9.:,]*\).*/\1/p' "$log" | head -1) ;;
  redis) address="127.0.0.1:$port" ;;
  nats) address=$(sed -n 's/.*Listening for client connections on \([0-9.:]*\).*/\1/p' "$log" | head -1) ;;
esac

echo "$pid" >"$dir/$name.pid"
echo "$address" >"$dir/$name.address"
echo "$address"
