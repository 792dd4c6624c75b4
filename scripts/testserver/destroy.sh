#!/usr/bin/env bash
# Stops a test server started by boot.sh and removes its namespace and folder. Only ends the
# nspawn process that boot.sh recorded.
set -uo pipefail
name=$1
[[ "$name" =~ ^[a-z0-9-]{1,20}$ ]] || { echo "bad server name: $name" >&2; exit 2; }
dir="${GOLIVE_TESTSERVER_STATE:-/var/lib/golive-testservers}/$name"
[[ -d "$dir" ]] || exit 0

if [[ -f "$dir/nspawn.pid" ]]; then
  pid=$(cat "$dir/nspawn.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
fi
if [[ -f "$dir/acng.pid" ]]; then
  kill -TERM "$(cat "$dir/acng.pid")" 2>/dev/null || true
fi
if [[ -f "$dir/net" ]]; then
  # shellcheck disable=SC1091
  source "$dir/net"
  ip netns del "$NS" 2>/dev/null || true
  ip link del "$HOST_IF" 2>/dev/null || true
fi
rm -rf "$dir"
