import { homedir } from 'node:os';
import { join } from 'node:path';

/** A path on the admin's machine as a shell would read it: a leading ~/ is their home folder. */
export function expandHome(path: string): string {
  return path === '~' ? homedir() : path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
}
