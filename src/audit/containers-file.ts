import { posix } from 'node:path';
import { PIN_FUNCTION, READ_FUNCTION } from '../engine/no-follow.js';
import type { AuditInputs, CommandFact, FileState } from '../engine/types.js';
import { parseCompose } from './containers-compose.js';
import type { ContainerSettings } from './containers-settings.js';

/**
 * The app's compose file: audit.composeFile, or the first of the usual names beside the .env. It
 * lives in the app user's folder, so root reads it as no-follow.ts reads the .env — the folder as
 * it really is, no link followed, no FIFO waited on, a file with other names (hard links) refused,
 * at most MAX_BYTES — and the bytes are parsed here, never on the server.
 */

export const COMPOSE_NAMES = ['docker-compose.yml', 'docker-compose.yaml', 'compose.yaml', 'compose.yml'];
export const MAX_BYTES = 256 * 1024;

export type ComposeReading =
  | { readonly kind: 'services'; readonly path: string; readonly services: readonly ContainerSettings[] }
  | { readonly kind: 'none'; readonly folder: string; readonly explicit: string | undefined }
  | { readonly kind: 'refused'; readonly path: string; readonly reason: string };

const READ_COMPOSE = `${PIN_FUNCTION}
${READ_FUNCTION}
d=$1; shift
[ -d "$d" ] || [ -L "$d" ] || { echo none; exit 0; }
pin "$d" 2>/dev/null || { echo through-link; exit 0; }
for n in "$@"; do
  if [ -L "$n" ]; then echo "link $n"; exit 0; fi
  [ -e "$n" ] || continue
  [ -f "$n" ] || { echo "other $n"; exit 0; }
  echo "file $n"
  stat -c '%h %U %G %a' -- "$n"
  stat -c '%U' .
  read_file "$n" | head -c ${MAX_BYTES + 1} | base64 -w0; echo
  exit 0
done
echo none`;

/** The first of `names` in `folder`, as it is: its bytes, owner and mode, and the folder's owner; or why golive will not read it. */
export type ComposeBytes =
  | { readonly kind: 'none' }
  | { readonly kind: 'refused'; readonly path: string; readonly reason: string }
  | { readonly kind: 'file'; readonly path: string; readonly file: FileState; readonly folderOwner: string };

/** The one reader of a compose file, for the audit and the containers step alike. */
export function composeBytesFact(folder: string, names: readonly string[]): CommandFact<ComposeBytes> {
  return { argv: ['sh', '-c', READ_COMPOSE, 'sh', folder, ...names], parse: (output) => parseComposeBytes(output.stdout, folder) };
}

export function parseComposeBytes(stdout: string, folder: string): ComposeBytes {
  const [first = '', stat = '', folderOwner = '', base64 = ''] = stdout.split('\n');
  const space = first.indexOf(' ');
  const [kind, name] = space < 0 ? [first, ''] : [first.slice(0, space), first.slice(space + 1)];
  const path = posix.join(folder, name);
  if (kind === 'none') return { kind: 'none' };
  if (kind === 'through-link') return { kind: 'refused', path: folder, reason: `${folder} is missing or reached through a symbolic link; golive does not follow links in the app's folder` };
  if (kind === 'link') return { kind: 'refused', path, reason: `${path} is a symbolic link; golive does not follow links in the app's folder (replace it with the file itself)` };
  if (kind === 'other') return { kind: 'refused', path, reason: `${path} is not a regular file` };
  if (kind !== 'file') return { kind: 'refused', path: folder, reason: `could not read the compose file in ${folder}` };
  const [links = '', owner = '', group = '', mode = ''] = stat.split(' ');
  if (links !== '1') return { kind: 'refused', path, reason: `${path} has ${Number(links) || 'several'} names (hard links); golive reads a compose file only when it has one` };
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > MAX_BYTES) return { kind: 'refused', path, reason: `${path} is larger than ${MAX_BYTES / 1024} KiB` };
  return { kind: 'file', path, file: { content: bytes.toString('utf8'), owner, group, mode: parseInt(mode, 8) }, folderOwner };
}

/** Where to look: the folder and the names to try there, in order; undefined when golive.yml names neither file. */
export function composePlace(inputs: AuditInputs): { readonly folder: string; readonly names: readonly string[] } | undefined {
  if (inputs.composeFile) {
    const file = posix.normalize(inputs.composeFile);
    return { folder: posix.dirname(file), names: [posix.basename(file)] };
  }
  if (inputs.envFile) return { folder: posix.dirname(posix.normalize(inputs.envFile)), names: COMPOSE_NAMES };
  return undefined;
}

export function composeFileFact(inputs: AuditInputs): CommandFact<ComposeReading> | undefined {
  const place = composePlace(inputs);
  if (!place) return undefined;
  const { folder, names } = place;
  const explicit = inputs.composeFile ? posix.join(folder, names[0]!) : undefined;
  const bytes = composeBytesFact(folder, names);
  return { argv: bytes.argv, parse: (output) => composeReading(bytes.parse(output), folder, explicit) };
}

export function readComposeOutput(stdout: string, folder: string, explicit: string | undefined): ComposeReading {
  return composeReading(parseComposeBytes(stdout, folder), folder, explicit);
}

function composeReading(bytes: ComposeBytes, folder: string, explicit: string | undefined): ComposeReading {
  if (bytes.kind === 'none') return { kind: 'none', folder, explicit };
  if (bytes.kind === 'refused') return bytes;
  const parsed = parseCompose(bytes.file.content);
  return 'reason' in parsed ? { kind: 'refused', path: bytes.path, reason: `${bytes.path}: ${parsed.reason}` } : { kind: 'services', path: bytes.path, services: parsed.services };
}
