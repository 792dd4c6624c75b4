#!/usr/bin/env bash
# Builds (once) a Debian 12 root filesystem for throwaway test servers and caches it as a tarball
# outside the repo. The mirror is read from this machine's own apt sources, never written down here.
set -euo pipefail

cache_dir=${GOLIVE_TESTSERVER_CACHE:-/var/cache/golive-testserver}
tarball="$cache_dir/rootfs-bookworm.tar"
packages=systemd,systemd-sysv,dbus,openssh-server,ufw,fail2ban,python3-systemd,unattended-upgrades,apt-listchanges,cron,gnupg,iptables,sudo,postgresql,git,procps

if [[ -f "$tarball" ]]; then
  echo "$tarball"
  exit 0
fi

mirror=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n1 | awk '{print $2}')
if [[ -z "$mirror" ]]; then
  mirror=$(grep -h '^deb ' /etc/apt/sources.list 2>/dev/null | grep -v security | head -n1 | awk '{print $2}')
fi
[[ -n "$mirror" ]] || { echo "no Debian mirror found in this machine's apt sources" >&2; exit 1; }

mkdir -p "$cache_dir"
build_dir=$(mktemp -d "$cache_dir/build.XXXXXX")
trap 'rm -rf "$build_dir"' EXIT
# PostgreSQL's cluster is created by the postgres user during the install: the root must be 0755.
chmod 0755 "$build_dir"
debootstrap --variant=minbase --include="$packages" bookworm "$build_dir" "$mirror" >"$cache_dir/debootstrap.log" 2>&1 \
  || { tail -n 30 "$cache_dir/debootstrap.log" >&2; exit 1; }
# A fresh machine-id per server comes from systemd at first boot.
: >"$build_dir/etc/machine-id"
rm -f "$build_dir"/etc/ssh/ssh_host_*
tar -C "$build_dir" -cf "$tarball.tmp" .
mv "$tarball.tmp" "$tarball"
echo "$tarball"
