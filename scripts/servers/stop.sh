#!/usr/bin/env bash
# Stops a test server started by scripts/servers/start.sh (by its recorded pid) and removes its records.
# The servers keep nothing worth a clean shutdown (in-memory mock, Redis without persistence, a throwaway NATS
# store), so they are killed outright.
# Usage: scripts/servers/stop.sh kafka|redis|nats [DIR]
set -euo pipefail
name="${1:?usage: stop.sh kafka|redis|nats [DIR]}"
dir="${2:-${TMPDIR:-/tmp}/rivulet-servers}"
pidfile="$dir/$name.pid"
[ -f "$pidfile" ] || exit 0
pid=$(cat "$pidfile")
if kill -9 "$pid" 2>/dev/null; then
  # Gone once it is no longer listed or only a zombie waiting for its (reparented) parent to reap it.
  for _ in $(seq 1 100); do
    state=$(ps -o stat= -p "$pid" 2>/dev/null || true)
    [ -z "$state" ] || [ "${state:0:1}" = Z ] && break
    sleep 0.02
  done
fi
rm -f "$pidfile" "$dir/$name.address"
