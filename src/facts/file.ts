import { PART_MARKER } from '../engine/probe.js';
import type { CommandFact, FileState, ProbeOutput } from '../engine/types.js';
import { GoliveError } from '../errors.js';

/**
 * Files as they are on the server, read by one Perl process however many there are: perl is
 * Essential on Debian and Ubuntu, and one process costs less than the three a shell needs per file.
 * Read without following a link, at the file or on the way to it: a link someone planted beside an
 * app's files must not show golive (and, through what golive writes next, that someone) another
 * file. The folder is checked component by component with lstat, entered, and must then be the
 * folder that check found (device and inode), so a link swapped in later cannot move the read
 * elsewhere; the file is opened O_NOFOLLOW and O_NONBLOCK (a FIFO cannot hang it) and described
 * from the open descriptor. Only perl-base modules: Fcntl. Each path's part is one line, the
 * file's bytes in hex after a `file` line.
 */
const READ_FILES = `use strict;
use Fcntl qw(O_RDONLY O_NOFOLLOW O_NONBLOCK);
sub owners { sprintf '%s %s', scalar(getpwuid $_[0]) // $_[0], scalar(getgrgid $_[1]) // $_[1] }
sub folder {
  my ($dir) = @_;
  my ($path, @found) = ('', lstat '/');
  for my $part (grep { length } split m{/}, $dir) {
    $path .= "/$part";
    @found = lstat $path or return 'no-folder';
    return 'through-link' if -l _;
    return 'not-a-folder' unless -d _;
  }
  chdir($path || '/') or return 'through-link';
  my @here = stat '.';
  return $here[0] == $found[0] && $here[1] == $found[1] ? 'ok' : 'through-link';
}
sub describe {
  my ($path) = @_;
  my ($dir, $name) = $path =~ m{^(/.*?)/*([^/]+)\\z} or return 'error not an absolute path to a file';
  my $folder = folder($dir);
  return $folder if $folder ne 'ok';
  my @here = stat '.';
  my $folder_owners = owners(@here[4, 5]);
  lstat $name or return "absent $folder_owners";
  return 'symlink' if -l _;
  return 'folder' if -d _;
  return 'other' unless -f _;
  sysopen(my $fh, $name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK) or return "error $!";
  my @st = stat $fh;
  return 'other' unless -f _;
  binmode $fh;
  local $/;
  my $bytes = <$fh> // '';
  return sprintf "file %s %o %s\\n%s", owners(@st[4, 5]), $st[2] & 07777, $folder_owners, unpack('H*', $bytes);
}
for my $path (@ARGV) { print '${PART_MARKER}', "\\n", describe($path), "\\n" }`;

/** The command that reads the files named after it; joinable (see Fact.joinable). */
const FILE_READER: readonly string[] = ['perl', '-e', READ_FILES, '--'];

interface Owners {
  readonly owner: string;
  readonly group: string;
}

/** What is at a path, as the reader found it. */
export type FileReading =
  | { readonly kind: 'file'; readonly file: FileState; readonly bytes: Buffer; readonly folder: Owners }
  | { readonly kind: 'absent'; readonly folder: Owners }
  | { readonly kind: 'no-folder' | 'not-a-folder' | 'through-link' | 'symlink' | 'folder' | 'other' }
  | { readonly kind: 'unreadable'; readonly reason: string };

/** One path, read with every other file of the probe (the reader joins them). */
export function fileReadingFact(path: string): CommandFact<FileReading> {
  return { argv: [...FILE_READER, path], joinable: true, parse: readingOf };
}

function readingOf(output: ProbeOutput): FileReading {
  const [state = '', hex = ''] = output.stdout.split('\n');
  const [kind = '', ...fields] = state.split(' ');
  switch (kind) {
    case 'file': {
      const [owner = 'root', group = 'root', mode = '644', folderOwner = 'root', folderGroup = 'root'] = fields;
      const bytes = Buffer.from(hex, 'hex');
      return { kind, file: { owner, group, mode: parseInt(mode, 8), content: bytes.toString('utf8') }, bytes, folder: { owner: folderOwner, group: folderGroup } };
    }
    case 'absent':
      return { kind, folder: { owner: fields[0] ?? 'root', group: fields[1] ?? 'root' } };
    case 'no-folder':
    case 'not-a-folder':
    case 'through-link':
    case 'symlink':
    case 'folder':
    case 'other':
      return { kind };
    default:
      return { kind: 'unreadable', reason: kind === 'error' ? fields.join(' ') : output.stderr.trim() || `perl exited ${output.exitCode}` };
  }
}

/**
 * A file as it is on the server (content, owner, group, mode), or null when there is no file
 * there (nothing, a folder, a FIFO). A link at the file or on the way to it is refused.
 */
export function fileFact(path: string): CommandFact<FileState | null> {
  const reading = fileReadingFact(path);
  return {
    ...reading,
    parse: (output) => {
      const read = reading.parse(output);
      switch (read.kind) {
        case 'file':
          return read.file;
        case 'symlink':
        case 'through-link':
          throw new GoliveError(`${path} is a symbolic link, or reached through one; golive does not read or write through links`, `replace the link with the file itself, or remove it (ls -l ${path})`);
        case 'not-a-folder':
          throw new GoliveError(`${path} cannot be a file: a part of its folder's path is not a folder`, `ls -ld each part of ${path}`);
        case 'unreadable':
          throw new GoliveError(`could not read ${path}: ${read.reason}`, 'golive reads files with perl (Essential on Debian and Ubuntu): check that perl runs on the server');
        default:
          return null;
      }
    },
  };
}
