#!/usr/bin/env bash
# Makes this machine able to run test servers and the tests: the Debian packages they need (zsh for
# the completion test), then the cached root filesystem. Idempotent and quiet when all is there.
set -euo pipefail

declare -A needs=(
  [debootstrap]=debootstrap [systemd-nspawn]=systemd-container [iptables]=iptables
  [ssh-keygen]=openssh-client [ip]=iproute2 [pgrep]=procps [nsenter]=util-linux [diff]=diffutils
  [tmux]=tmux [script]=bsdutils [apt-cacher-ng]=apt-cacher-ng [gpg]=gnupg [gpgconf]=gnupg
  [ansible-playbook]=ansible-core [zsh]=zsh
)
missing=()
for command in "${!needs[@]}"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("${needs[$command]}")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "installing test server tools: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # No service starts from these installs (apt-cacher-ng would otherwise start with its stock
  # configuration): test servers get their own instances, started by boot.sh.
  apt-get install -y -qq -o Dpkg::Options::=--force-confdef "${missing[@]}" >/dev/null
fi
"$(dirname "$0")/build-rootfs.sh" >/dev/null
