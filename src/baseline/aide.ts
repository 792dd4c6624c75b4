import type { Check, CommandChange, DerivedFact } from '../engine/types.js';
import { type UnitInfo, unitInfosFact } from '../facts/units.js';

/** Where aideinit leaves the database the daily check compares against. */
export const AIDE_DB = '/var/lib/aide/aide.db';
export const AIDE_CONF = '/etc/aide/aide.conf';
/** The transient unit that builds it in the background: its state says how the build went. */
export const AIDE_INIT_UNIT = 'golive-aide-init.service';

export interface AideStatus {
  readonly installed: boolean;
  /** The database's modification time (seconds since 1970), when it is there. */
  readonly builtAt: number | undefined;
  /** The background build: running, done, failed, or never started by golive. */
  readonly build: 'running' | 'done' | 'failed' | 'none';
  /** aide.conf's `Checksums` group (Debian's: `H`, every hash AIDE knows); undefined: no such line or no file. */
  readonly checksums: string | undefined;
}

const READ_FILES = `[ -x /usr/sbin/aideinit ] && echo installed || echo absent
stat -c %Y ${AIDE_DB} 2>/dev/null || echo none
echo "$(sed -n '/^Checksums[[:space:]]*=/{s///;s/^[[:space:]]*//;p;q}' ${AIDE_CONF} 2>/dev/null)"`;

/** AIDE's files, and systemd's view of the background build (the units fact every step shares). */
export const aideStatusFact: DerivedFact<AideStatus> = {
  from: { files: { argv: ['sh', '-c', READ_FILES], parse: (o) => o.stdout.split('\n') }, build: unitInfosFact([AIDE_INIT_UNIT]) },
  derive: (parts) => {
    const [installed, built, checksums] = parts.files as string[];
    const [unit] = parts.build as UnitInfo[];
    // Type=exec with RemainAfterExit: active/running while it builds, active/exited once done.
    const build = unit?.active === 'failed' || (unit?.result !== undefined && unit.result !== '' && unit.result !== 'success') ? 'failed' : unit?.subState === 'running' ? 'running' : unit?.subState === 'exited' ? 'done' : 'none';
    return { installed: installed === 'installed', builtAt: /^\d+$/.test(built ?? '') ? Number(built) : undefined, build, checksums: checksums || undefined };
  },
};

/**
 * Builds AIDE's database in the background, at the lowest CPU and disk priority: reading every
 * file takes minutes, and the run need not wait. `golive history` shows how it went.
 */
export const startAideBuild: CommandChange = {
  kind: 'command',
  argv: [
    'sh', '-c',
    `systemctl stop ${AIDE_INIT_UNIT} 2>/dev/null; systemctl reset-failed ${AIDE_INIT_UNIT} 2>/dev/null
exec systemd-run --quiet --unit=${AIDE_INIT_UNIT} -p Type=exec -p RemainAfterExit=yes -p Nice=19 -p IOSchedulingClass=idle /usr/sbin/aideinit --yes --force`,
  ],
  display: `systemd-run --unit=${AIDE_INIT_UNIT} aideinit --yes --force  (in the background, lowest priority)`,
  why: "AIDE's first database: what the daily check compares every file against",
};

/**
 * SHA-512 alone instead of Debian's `H` (every hash AIDE knows, about eight): as strong, and the
 * build and the daily check take a fraction of the time. Edited in place before the first build;
 * the journal keeps Debian's file.
 */
export const AIDE_SHA512: CommandChange = {
  kind: 'command',
  argv: ['sed', '-i', 's/^Checksums[[:space:]]*=[[:space:]]*H[[:space:]]*$/Checksums = sha512/', AIDE_CONF],
  display: `${AIDE_CONF}: Checksums = H → Checksums = sha512`,
  why: 'one strong hash instead of every hash AIDE knows: the build and the daily check run several times faster',
  touches: [AIDE_CONF],
};

/** Debian's `Checksums = H`, or AIDE not installed yet (its install brings that line). */
export const aideChecksumsToSet = (status: AideStatus): boolean => !status.installed || status.checksums === 'H';

/** Whether a build is to start: no database, and none being built. */
export const aideBuildNeeded = (status: AideStatus): boolean => status.builtAt === undefined && status.build !== 'running';

/** One line on the database: how `golive history` and verify describe it. */
export function describeAide(status: AideStatus): string {
  if (status.build === 'running') return `being built in the background (systemctl status ${AIDE_INIT_UNIT})`;
  if (status.build === 'failed') return `the build failed: journalctl -u ${AIDE_INIT_UNIT}`;
  if (status.builtAt !== undefined) return `${AIDE_DB} built ${new Date(status.builtAt * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return `${AIDE_DB} is missing`;
}

export function aideCheck(status: AideStatus): Check {
  const ok = status.builtAt !== undefined || status.build === 'running';
  return { name: 'file-integrity database (AIDE)', ok, advisory: status.build === 'failed', detail: describeAide(status) };
}
