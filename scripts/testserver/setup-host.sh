#!/usr/bin/env bash
# Makes this machine able to run test servers: the Debian packages they need, then the cached root
# filesystem. Idempotent and quiet when everything is already there.
set -euo pipefail

declare -A needs=(
  [debootstrap]=debootstrap [systemd-nspawn]=systemd-container [iptables]=iptables
  [ssh-keygen]=openssh-client [ip]=iproute2 [pgrep]=procps [nsenter]=util-linux [diff]=diffutils
)
missing=()
for command in "${!needs[@]}"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("${needs[$command]}")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "installing test server tools: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
"$(dirname "$0")/build-rootfs.sh" >/dev/null
