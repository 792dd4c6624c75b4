import { type AuthorizedKey, parseAuthorizedKeys } from './authorized-keys.js';
import { NO_SUDO, parseSudoList, type SudoRights } from './sudo-rights.js';

/**
 * What the lockout guard needs to know of each account that must keep logging in: does it exist,
 * what sudo lets it do (`sudo -l -U`, whole), is its password usable, and which public keys would
 * sshd accept for it — read from the files sshd is configured to look in (AuthorizedKeysFile,
 * with %h and %u expanded).
 */

export interface KeyFile {
  readonly path: string;
  readonly ownerUid: number;
  readonly mode: number;
  readonly dirOwnerUid: number;
  readonly dirMode: number;
  readonly keys: readonly AuthorizedKey[];
}

export interface Account {
  readonly name: string;
  readonly exists: boolean;
  readonly uid: number;
  readonly shell: string;
  readonly home: string;
  readonly homeOwnerUid: number;
  readonly homeMode: number;
  readonly groups: readonly string[];
  readonly sudo: SudoRights;
  /** `passwd -S` status: P (usable password), L (locked), NP (none). Never the hash. */
  readonly passwordStatus: string;
  readonly keyFiles: readonly KeyFile[];
}

/**
 * The accounts named as arguments and the members of the usual admin groups (as root, they are who
 * may replace root), each once. Written for a small server: fields are cut with the shell's own
 * expansions, so an account costs a handful of processes (getent, id, sudo, passwd, stat, base64).
 */
export const ACCOUNTS_SCRIPT = `old_ifs=$IFS
while IFS=: read -r _ _ _ members; do IFS=,; set -- "$@" $members; IFS=$old_ifs; done <<EOF
$(getent group sudo wheel admin)
EOF
akf=
while read -r key value; do [ "$key" = authorizedkeysfile ] && akf=$value; done <<EOF
$(sshd -T 2>/dev/null)
EOF
[ -n "$akf" ] || akf='.ssh/authorized_keys .ssh/authorized_keys2'
# expand PATTERN HOME USER: sshd's %h, %u and %% into $p.
expand() {
  s=$1 p=
  while :; do
    case "$s" in *%*) ;; *) break ;; esac
    p=$p\${s%%\\%*} s=\${s#*%}
    c=\${s%"\${s#?}"} s=\${s#?}
    case "$c" in h) p=$p$2 ;; u) p=$p$3 ;; %) p=$p% ;; *) p=$p%$c ;; esac
  done
  p=$p$s
}
seen=' '
for u in "$@"; do
  case "$seen" in *" $u "*) continue ;; esac
  seen="$seen$u "
  ent=$(getent passwd -- "$u") || { printf 'missing %s\\n' "$u"; continue; }
  IFS=: read -r _ _ uid _ _ home shell <<EOF
$ent
EOF
  printf 'user %s %s %s %s\\n' "$u" "$uid" "\${shell:-/bin/sh}" "$home"
  printf 'groups %s %s\\n' "$u" "$(id -Gn -- "$u" 2>/dev/null)"
  printf 'sudo %s\\n' "$u"; sudo -l -U "$u" 2>/dev/null | base64 -w0; echo
  st=$(passwd -S -- "$u" 2>/dev/null); st=\${st#* }
  printf 'passwd %s %s\\n' "$u" "\${st%% *}"
  printf 'homestat %s %s\\n' "$u" "$(stat -c '%u %a' -- "$home" 2>/dev/null || echo '-1 0')"
  for pattern in $akf; do
    expand "$pattern" "$home" "$u"
    case "$p" in /*) ;; *) p="$home/$p" ;; esac
    [ -f "$p" ] || continue
    d=\${p%/*}
    printf 'keys %s %s%s\\n' "$u" "$(stat --printf '%u %a ' -- "$p" "\${d:-/}")" "$p"
    base64 -w0 -- "$p"; echo
  done
done`;

export function parseAccounts(stdout: string, names: readonly string[]): Map<string, Account> {
  type Mutable = { -readonly [K in keyof Account]: Account[K] } & { keyFiles: KeyFile[] };
  const accounts = new Map<string, Mutable>();
  const get = (name: string): Mutable => {
    let account = accounts.get(name);
    if (!account) {
      account = { name, exists: false, uid: -1, shell: '', home: '', homeOwnerUid: -1, homeMode: 0, groups: [], sudo: NO_SUDO, passwordStatus: '', keyFiles: [] };
      accounts.set(name, account);
    }
    return account;
  };
  names.forEach(get);
  const lines = stdout.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const [kind, name, ...rest] = lines[i]!.split(' ');
    if (!kind || !name) continue;
    const account = get(name);
    switch (kind) {
      case 'user':
        Object.assign(account, { exists: true, uid: Number(rest[0]), shell: rest[1] ?? '', home: rest.slice(2).join(' ') });
        break;
      case 'groups':
        account.groups = rest.filter(Boolean);
        break;
      case 'sudo':
        account.sudo = parseSudoList(Buffer.from(lines[i + 1] ?? '', 'base64').toString('utf8'));
        i += 1;
        break;
      case 'passwd':
        account.passwordStatus = rest[0] ?? '';
        break;
      case 'homestat':
        account.homeOwnerUid = Number(rest[0]);
        account.homeMode = parseInt(rest[1] ?? '0', 8);
        break;
      case 'keys': {
        const [fileUid, fileMode, dirUid, dirMode, ...path] = rest;
        const text = Buffer.from(lines[i + 1] ?? '', 'base64').toString('utf8');
        i += 1;
        // A user named twice on the command line is described twice: keep one copy of each file.
        if (account.keyFiles.some((file) => file.path === path.join(' '))) break;
        account.keyFiles.push({
          path: path.join(' '),
          ownerUid: Number(fileUid),
          mode: parseInt(fileMode ?? '0', 8),
          dirOwnerUid: Number(dirUid),
          dirMode: parseInt(dirMode ?? '0', 8),
          keys: parseAuthorizedKeys(text),
        });
        break;
      }
    }
  }
  return accounts;
}
