import type { Fact } from '../engine/types.js';

/**
 * A kernel setting as it is now: its value (`sysctl -n`), and whether it can be changed here. In a
 * container (systemd-nspawn, LXC) /proc/sys is mounted read-only but for the network namespace's
 * own keys: those the host decides are `writable: false`.
 */
export type LiveSetting = { readonly present: false } | { readonly present: true; readonly value: string; readonly writable: boolean };

const READ_LIVE = `for k in "$@"; do
  p=/proc/sys/$(printf %s "$k" | tr . /)
  if ! v=$(sysctl -n "$k" 2>/dev/null); then printf '%s\\tabsent\\t\\n' "$k"; continue; fi
  if [ -w "$p" ]; then w=rw; else w=ro; fi
  printf '%s\\t%s\\t%s\\n' "$k" "$w" "$(printf %s "$v" | tr -s '\\t ' '  ')"
done`;

export function sysctlLiveFact(keys: readonly string[]): Fact<Readonly<Record<string, LiveSetting>>> {
  return {
    argv: ['sh', '-c', READ_LIVE, 'sh', ...keys],
    parse: (o) => {
      const live: Record<string, LiveSetting> = {};
      for (const line of o.stdout.split('\n')) {
        const [key, state, value = ''] = line.split('\t');
        if (!key || !state) continue;
        live[key] = state === 'absent' ? { present: false } : { present: true, value: value.trim(), writable: state === 'rw' };
      }
      return live;
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
