import type { CommandFact } from '../engine/types.js';

/**
 * A kernel setting as it is now: its value (what `sysctl -n` prints), and whether it can be changed here. In a
 * container (systemd-nspawn, LXC) /proc/sys is mounted read-only but for the network namespace's
 * own keys: those the host decides are `writable: false`.
 */
export type LiveSetting = { readonly present: false } | { readonly present: true; readonly value: string; readonly writable: boolean };

/**
 * Every key's file under /proc/sys read by one grep (`path:value` lines; a key this kernel lacks has
 * none), and the writable ones named by the shell's own test: not a process per key. (The shell's
 * `read` cannot do it: it reads a byte at a time, and /proc/sys answers only the first read.)
 */
const READ_LIVE = `for p in "$@"; do [ -w "$p" ] && printf 'rw %s\\n' "$p"; done
grep -H '' -- "$@" 2>/dev/null
exit 0`;

const procPath = (key: string) => `/proc/sys/${key.replaceAll('.', '/')}`;

export function sysctlLiveFact(keys: readonly string[]): CommandFact<Readonly<Record<string, LiveSetting>>> {
  return {
    argv: ['sh', '-c', READ_LIVE, 'sh', ...keys.map(procPath)],
    parse: (o) => {
      const lines = o.stdout.split('\n');
      return Object.fromEntries(
        keys.map((key): [string, LiveSetting] => {
          const path = procPath(key);
          const line = lines.find((l) => l.startsWith(`${path}:`));
          if (line === undefined) return [key, { present: false }];
          return [key, { present: true, value: line.slice(path.length + 1).replace(/\s+/g, ' ').trim(), writable: lines.includes(`rw ${path}`) }];
        }),
      );
    },
  };
}

/**
 * `sysctl --system`, failing only on errors that are not the kernel's refusals: a key this kernel
 * does not have, or one a container keeps (systemd-nspawn's read-only /proc/sys: "Read-only file
 * system" for net.*, "permission denied" for fs.* and kernel.*). Verify names those one by one.
 */
const APPLY_ALL = `out=$(sysctl --system 2>&1 >/dev/null) && exit 0
bad=$(printf '%s\\n' "$out" | grep -v -e 'Read-only file system' -e 'permission denied on key' -e 'cannot stat' -e '^[[:space:]]*$')
[ -z "$bad" ] && exit 0
printf '%s\\n' "$bad" >&2
exit 1`;

export const APPLY_SYSCTL_FILES: readonly string[] = ['sh', '-c', APPLY_ALL];

/** Puts live values back as they were, after the files are restored and applied again. */
export function restoreLiveValues(values: ReadonlyMap<string, string>): string[][] {
  if (values.size === 0) return [];
  return [['sysctl', '-q', '-w', ...[...values].map(([key, value]) => `${key}=${value}`)]];
}
