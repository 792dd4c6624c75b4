#!/usr/bin/env bash
# Boots a throwaway Debian 12 test server (systemd-nspawn) in its own network namespace.
# usage: boot.sh NAME INDEX PUBKEY_FILE [--cloud-dropin] [--apt-proxy] [--docker]
#   INDEX (1-250) picks the server's /24: the host end is 10.77.INDEX.1, the server 10.77.INDEX.2.
#   --apt-proxy: the server reaches Debian's packages through an apt-cacher-ng on the host end
#   (the namespace has no other way out).
#   --docker: lets a Docker engine run inside (keyring syscalls, writable cgroup controllers);
#   Docker itself is not installed (see
#   test/helpers/docker-server.ts).
# Prints shell-style KEY=VALUE lines describing the server (DIR, NS, ADDRESS, NSPAWN_PID, LEADER_PID).
set -euo pipefail

name=$1 index=$2 pubkey_file=$3
shift 3
cloud_dropin= apt_proxy= docker=
for option in "$@"; do
  case "$option" in
    --cloud-dropin) cloud_dropin=--cloud-dropin ;;
    --apt-proxy) apt_proxy=yes ;;
    --docker) docker=yes ;;
    *) echo "unknown option: $option" >&2; exit 2 ;;
  esac
done
[[ "$name" =~ ^[a-z0-9-]{1,20}$ ]] || { echo "bad server name: $name" >&2; exit 2; }
[[ "$index" =~ ^[0-9]+$ && "$index" -ge 1 && "$index" -le 250 ]] || { echo "bad index: $index" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
tarball=$("$here/build-rootfs.sh")
state_root=${GOLIVE_TESTSERVER_STATE:-/var/lib/golive-testservers}
dir="$state_root/$name"
root="$dir/root"
ns="golive-$name"
host_if="glv${index}h" server_if="glv${index}s"
host_addr="10.77.$index.1" server_addr="10.77.$index.2"

if [[ -e "$dir" ]]; then "$here/destroy.sh" "$name" >/dev/null 2>&1 || true; fi
mkdir -p "$root"
# mktemp-style 0700 folders keep everyone but root out of the server: the root must be 0755.
chmod 0755 "$dir" "$root"
tar -C "$root" -xf "$tarball"

echo "$name" >"$root/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 %s\n' "$name" >"$root/etc/hosts"
ssh-keygen -A -f "$root" >/dev/null
# No console getty: nobody types at these servers.
ln -sf /dev/null "$root/etc/systemd/system/console-getty.service"

# An admin user with a key, a password (to prove password logins are refused) and sudo.
chroot "$root" useradd --create-home --shell /bin/bash --groups sudo deploy
echo 'deploy:deploy-password' | chroot "$root" chpasswd
echo 'root:root-password' | chroot "$root" chpasswd
echo 'deploy ALL=(ALL) NOPASSWD:ALL' >"$root/etc/sudoers.d/deploy"
chmod 0440 "$root/etc/sudoers.d/deploy"
for home in "$root/home/deploy" "$root/root"; do
  install -d -m 0700 "$home/.ssh"
  install -m 0600 "$pubkey_file" "$home/.ssh/authorized_keys"
done
chroot "$root" chown -R deploy:deploy /home/deploy/.ssh

if [[ "$cloud_dropin" == "--cloud-dropin" ]]; then
  # What a cloud image ships: password and root logins on, in a drop-in read before sshd_config.
  printf 'PasswordAuthentication yes\nPermitRootLogin yes\n' >"$root/etc/ssh/sshd_config.d/50-cloud-init.conf"
fi

if [[ -n "$apt_proxy" ]]; then
  printf 'Acquire::http::Proxy "http://%s:3143";\n' "$host_addr" >"$root/etc/apt/apt.conf.d/01golive-test-proxy"
fi

ip netns add "$ns"
ip link add "$host_if" type veth peer name "$server_if"
ip link set "$server_if" netns "$ns"
ip addr add "$host_addr/24" dev "$host_if"
ip link set "$host_if" up
ip -n "$ns" addr add "$server_addr/24" dev "$server_if"
ip -n "$ns" link set "$server_if" up
ip -n "$ns" link set lo up

if [[ -n "$apt_proxy" ]]; then
  # A minimal configuration: the stock one remaps Debian to mirrors this machine cannot reach.
  cache="${GOLIVE_TESTSERVER_CACHE:-/var/cache/golive-testserver}/apt-cacher-ng"
  mkdir -p "$cache" "$dir/acng/log"
  chown -R apt-cacher-ng: "$cache" "$dir/acng" 2>/dev/null || true
  printf 'CacheDir: %s\nLogDir: %s\nSupportDir: /usr/lib/apt-cacher-ng\nPort: 3143\nBindAddress: %s\n' "$cache" "$dir/acng/log" "$host_addr" >"$dir/acng/acng.conf"
  setsid /usr/sbin/apt-cacher-ng -c "$dir/acng" ForeGround=1 </dev/null >"$dir/acng/log/stdout" 2>&1 &
  echo $! >"$dir/acng.pid"
fi

docker_nspawn=()
if [[ -n "$docker" ]]; then
  # runc gives each container a session keyring: nspawn's seccomp filter refuses these by default.
  docker_nspawn=(--system-call-filter='add_key keyctl request_key')
fi

# /proc/sys/net writable: the namespace is the server's own, so (as on a VM) its network sysctls are
# its own to set; the rest of /proc/sys stays read-only, as the host kernel's.
SYSTEMD_NSPAWN_API_VFS_WRITABLE=network setsid systemd-nspawn --quiet --register=no --keep-unit --capability=CAP_NET_ADMIN \
  "${docker_nspawn[@]}" -D "$root" -b --network-namespace-path="/run/netns/$ns" </dev/null >"$dir/console.log" 2>&1 &
nspawn_pid=$!
echo "$nspawn_pid" >"$dir/nspawn.pid"
printf 'NS=%s\nHOST_IF=%s\n' "$ns" "$host_if" >"$dir/net"

leader_pid=
for _ in $(seq 1 200); do
  if [[ -z "$leader_pid" ]]; then
    # The server's systemd: nspawn's child, or its grandchild on versions that fork twice.
    leader_pid=$(pgrep -x -P "$nspawn_pid" systemd | head -n1 || true)
    if [[ -z "$leader_pid" ]]; then
      for child in $(pgrep -P "$nspawn_pid" || true); do
        leader_pid=$(pgrep -x -P "$child" systemd | head -n1 || true)
        [[ -n "$leader_pid" ]] && break
      done
    fi
  fi
  if [[ -n "$leader_pid" ]] && timeout 1 bash -c "exec 3<>/dev/tcp/$server_addr/22" 2>/dev/null; then
    break
  fi
  kill -0 "$nspawn_pid" 2>/dev/null || { echo "the server stopped while booting:" >&2; tail -n 20 "$dir/console.log" >&2; exit 1; }
  sleep 0.1
done
timeout 1 bash -c "exec 3<>/dev/tcp/$server_addr/22" 2>/dev/null || { echo "sshd did not answer on $server_addr:22" >&2; exit 1; }
echo "$leader_pid" >"$dir/leader.pid"
if [[ -n "$docker" ]]; then
  # nspawn mounts the cgroup v1 controllers read-only; runc writes each container's limits there.
  # A bind remount changes only the server's mount of them; Docker's cgroups nest below the one
  # the server was booted in.
  nsenter -t "$leader_pid" -a sh -c 'findmnt -rn -t cgroup,cgroup2 -o TARGET | while read -r m; do mount -o remount,bind,rw "$m"; done'
fi

printf 'DIR=%s\nROOT=%s\nNS=%s\nADDRESS=%s\nHOST_ADDRESS=%s\nNSPAWN_PID=%s\nLEADER_PID=%s\n' \
  "$dir" "$root" "$ns" "$server_addr" "$host_addr" "$nspawn_pid" "$leader_pid"
