#!/usr/bin/env bash
# The demo: boots a throwaway Debian 12 server (as a cloud image ships it: password and root logins
# on), then shows golive planning, applying, verifying and rolling back SSH hardening on it.
# Needs root (network namespaces); sends traffic only to the server's namespace.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) -eq 0 ]] || { echo "the demo boots a test server and needs root" >&2; exit 1; }
bash scripts/testserver/setup-host.sh

work=$(mktemp -d)
key="$work/id_ed25519"
ssh-keygen -q -t ed25519 -N '' -C golive-demo -f "$key"
cleanup() { bash scripts/testserver/destroy.sh golive-demo; rm -rf "$work"; }
trap cleanup EXIT
eval "$(bash scripts/testserver/boot.sh golive-demo 200 "$key.pub" --cloud-dropin | grep '^ADDRESS=')"

golive() {
  echo
  echo "\$ golive $*"
  GOLIVE_SETTINGS_DIR="$work/settings" node bin/golive.js --host "deploy@$ADDRESS" --identity "$key" --known-hosts "$work/known_hosts" "$@" || true
}
golive plan --only ssh --accept-new-host-key
golive apply --only ssh --yes
golive plan --only ssh
golive history
golive rollback --yes
