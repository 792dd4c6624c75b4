import { PART_MARKER } from '../engine/probe.js';
import type { Fact, FileState } from '../engine/types.js';
import { GoliveError } from '../errors.js';

/**
 * Files as they are on the server (content, owner, group, mode), read by one Perl process however
 * many there are: perl is Essential on Debian and Ubuntu, and one process costs less than the three
 * a shell needs per file. Read without following a link, at the file or on the way to it: a link
 * someone planted beside an app's files must not show golive (and, through what golive writes next,
 * that someone) another file. The folder is checked component by component with lstat, entered,
 * and must then be the folder that check found (device and inode), so a link swapped in later
 * cannot move the read elsewhere; the file is opened O_NOFOLLOW and O_NONBLOCK (a FIFO cannot hang
 * it) and described from the open descriptor. Only perl-base modules: Fcntl.
 * Each path's part: `absent`, `link`, `error REASON`, or `file OWNER GROUP MODE` and the bytes in hex.
 */
const READ_FILES = `use strict;
use Fcntl qw(O_RDONLY O_NOFOLLOW O_NONBLOCK);
sub folder {
  my ($dir) = @_;
  my ($path, @found) = ('', lstat '/');
  for my $part (grep { length } split m{/}, $dir) {
    $path .= "/$part";
    @found = lstat $path or return 'absent';
    return 'link' if -l _ || !-d _;
  }
  chdir($path || '/') or return 'link';
  my @here = stat '.';
  return $here[0] == $found[0] && $here[1] == $found[1] ? 'ok' : 'link';
}
sub describe {
  my ($path) = @_;
  my ($dir, $name) = $path =~ m{^(/.*?)/*([^/]+)$} or return 'error not an absolute path to a file';
  my $folder = folder($dir);
  return $folder if $folder ne 'ok';
  lstat $name or return 'absent';
  return 'link' if -l _;
  return 'absent' unless -f _;
  sysopen(my $fh, $name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK) or return "error $!";
  my @st = stat $fh;
  return 'error not a regular file' unless -f _;
  binmode $fh;
  local $/;
  my $bytes = <$fh> // '';
  my $owner = getpwuid($st[4]) // $st[4];
  my $group = getgrgid($st[5]) // $st[5];
  return sprintf "file %s %s %o\\n%s", $owner, $group, $st[2] & 07777, unpack('H*', $bytes);
}
for my $path (@ARGV) { print '${PART_MARKER}', "\\n", describe($path), "\\n" }`;

export function fileFact(path: string): Fact<FileState | null> {
  return {
    argv: ['perl', '-e', READ_FILES, '--', path],
    joinable: true,
    parse: (output) => {
      const [state = '', hex = ''] = output.stdout.split('\n');
      const [kind, owner = 'root', group = 'root', mode = '644'] = state.split(' ');
      switch (kind) {
        case 'absent':
          return null;
        case 'file':
          return { owner, group, mode: parseInt(mode, 8), content: Buffer.from(hex, 'hex').toString('utf8') };
        case 'link':
          throw new GoliveError(`${path} is a symbolic link, or reached through one; golive does not read or write through links`, `replace the link with the file itself, or remove it (ls -l ${path})`);
        default:
          throw new GoliveError(`could not read ${path}: ${state.startsWith('error ') ? state.slice(6) : output.stderr.trim() || `perl exited ${output.exitCode}`}`, 'golive reads files with perl (Essential on Debian and Ubuntu): check that perl runs on the server');
      }
    },
  };
}
