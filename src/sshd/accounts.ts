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
 * may replace root), each once. One Perl process (perl is Essential on Debian and Ubuntu; only
 * perl-base's Fcntl) reads the accounts, groups, homes and key files itself; what only a
 * tool knows comes from that tool, started without a shell: `sshd -T` (AuthorizedKeysFile),
 * `passwd -S -a` (an account it does not list: `passwd -S` alone), and per account `id -Gn` and
 * `sudo -l -U`. On a small server, processes are the cost.
 * Output, per account: `user NAME UID SHELL HOME` (or `missing NAME`), `groups NAME G…`, `sudo NAME`
 * and its listing in hex, `passwd NAME STATUS`, `homestat NAME UID MODE`, and per key file
 * `keys NAME UID MODE DIRUID DIRMODE PATH` and its bytes in hex.
 */
const ACCOUNTS_SCRIPT = `use strict;
use Fcntl qw(O_RDONLY O_NONBLOCK);
sub run {
  my $pid = open(my $out, '-|') // return '';
  if (!$pid) { open STDERR, '>', '/dev/null'; exec { $_[0] } @_; exit 127 }
  local $/;
  my $text = <$out> // '';
  close $out;
  return $text;
}
my @names = @ARGV;
for my $group (qw(sudo wheel admin)) {
  my @entry = getgrnam $group;
  push @names, split ' ', $entry[3] if @entry;
}
my ($akf) = run('sshd', '-T') =~ /^authorizedkeysfile (.*)$/m;
my %status = map { (split ' ')[0, 1] } split /\\n/, run('passwd', '-S', '-a');
$akf = '.ssh/authorized_keys .ssh/authorized_keys2' unless defined $akf && length $akf;
my %seen;
for my $u (grep { !$seen{$_}++ } @names) {
  my @pw = getpwnam $u;
  if (!@pw) { print "missing $u\\n"; next }
  my ($uid, $home, $shell) = @pw[2, 7, 8];
  printf "user %s %s %s %s\\n", $u, $uid, length $shell ? $shell : '/bin/sh', $home;
  my $groups = run('id', '-Gn', '--', $u);
  chomp $groups;
  print "groups $u $groups\\n";
  print "sudo $u\\n", unpack('H*', run('sudo', '-l', '-U', $u)), "\\n";
  my $status = $status{$u} // (split ' ', run('passwd', '-S', '--', $u))[1];
  printf "passwd %s %s\\n", $u, $status // '';
  my @home = stat $home;
  printf "homestat %s %s\\n", $u, @home ? sprintf('%d %o', $home[4], $home[2] & 07777) : '-1 0';
  for my $pattern (split ' ', $akf) {
    (my $path = $pattern) =~ s/%([hu%])/$1 eq 'h' ? $home : $1 eq 'u' ? $u : '%'/ge;
    $path = "$home/$path" unless $path =~ m{^/};
    next unless -f $path;
    (my $dir = $path) =~ s{/[^/]*$}{};
    my @file = lstat $path;
    my @folder = lstat(length $dir ? $dir : '/');
    # Read as sshd reads it (through a link), but only a regular file, never blocking, 1 MiB at most:
    # the account's owner could point it at a FIFO or at /proc/kcore.
    sysopen(my $keys, $path, O_RDONLY | O_NONBLOCK) or next;
    next unless -f $keys;
    read($keys, my $bytes, 1 << 20) // next;
    printf "keys %s %d %o %d %o %s\\n%s\\n", $u, $file[4], $file[2] & 07777, $folder[4], $folder[2] & 07777, $path, unpack('H*', $bytes);
  }
}`;

/** The command that reads the accounts named after it (see ACCOUNTS_SCRIPT). */
export const ACCOUNTS_READER: readonly string[] = ['perl', '-e', ACCOUNTS_SCRIPT, '--'];

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
        account.sudo = parseSudoList(Buffer.from(lines[i + 1] ?? '', 'hex').toString('utf8'));
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
        const text = Buffer.from(lines[i + 1] ?? '', 'hex').toString('utf8');
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
