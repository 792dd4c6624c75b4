/**
 * The lockout check an exported role runs before it reloads what a phase with a fresh-login check
 * changed: with the new configuration in place but not yet in force, `sshd -T -C` for the user who
 * must get back in says whether sshd would let them: key logins on, not kept out by
 * AllowUsers/DenyUsers/AllowGroups/DenyGroups (plain names, as golive writes them: a pattern it does
 * not read fails the check, the safe way), a login shell, and an authorized key in a file sshd reads.
 * golive's own guard (src/sshd/lockout-guard.ts) checked the same and more when the plan was made;
 * this is the part that can change between the export and the run. $1 the user, $2 the port.
 */
export const LOCKOUT_CHECK = `u=$1
entry=$(getent passwd "$u") || { echo "lockout check: no user $u"; exit 1; }
home=$(printf '%s' "$entry" | cut -d: -f6)
shell=$(printf '%s' "$entry" | cut -d: -f7)
case $shell in */nologin|*/false) echo "lockout check: $u has no login shell ($shell)"; exit 1 ;; esac
cfg=$(sshd -T -C "user=$u,host=golive-lockout-check,addr=127.0.0.1,laddr=127.0.0.1,lport=$2") || exit 1
get() { printf '%s\\n' "$cfg" | awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print; exit }'; }
has() { case " $1 " in *" $2 "*) return 0 ;; esac; return 1; }
[ "$(get pubkeyauthentication)" = yes ] || { echo "lockout check: sshd would refuse key logins"; exit 1; }
allow=$(get allowusers); deny=$(get denyusers); allowg=$(get allowgroups); denyg=$(get denygroups)
[ -z "$allow" ] || has "$allow" "$u" || { echo "lockout check: $u is not in AllowUsers ($allow)"; exit 1; }
! has "$deny" "$u" || { echo "lockout check: $u is in DenyUsers"; exit 1; }
groups=$(id -Gn "$u")
if [ -n "$allowg" ]; then
  ok=no; for g in $groups; do has "$allowg" "$g" && ok=yes; done
  [ $ok = yes ] || { echo "lockout check: no group of $u is in AllowGroups ($allowg)"; exit 1; }
fi
for g in $groups; do ! has "$denyg" "$g" || { echo "lockout check: group $g of $u is in DenyGroups"; exit 1; }; done
for f in $(get authorizedkeysfile); do
  f=$(printf '%s' "$f" | sed "s|%h|$home|g; s|%u|$u|g; s|%%|%|g")
  case $f in /*) ;; *) f=$home/$f ;; esac
  [ -f "$f" ] && grep -Eq '^[^#]*(ssh-(ed25519|rsa|dss)|ecdsa-sha2-|sk-(ssh|ecdsa)-)' "$f" && exit 0
done
echo "lockout check: $u has no authorized key in a file sshd reads ($(get authorizedkeysfile))"
exit 1`;
