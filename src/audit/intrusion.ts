import type { AuditCheck, AuditFinding } from '../engine/types.js';
import { type CronFile, cronFilesFact, findCronDroppers } from './cron-droppers.js';
import { type ProcessSeen, processesFact } from './processes.js';

/**
 * Signs that a cryptominer or its dropper runs on the server — what exposed PostgreSQL and Redis
 * ports bring (kdevtmpfsi and kinsing): a process with a known miner's name, a process run from a
 * folder anyone can write, a cron entry that downloads a script and runs it.
 */

/**
 * Miners seen on compromised Linux servers and the common mining programs they use, as their
 * process or file names (matched whole, or followed by `-`, `_` or `.`: xmrig-notls, cpuminer-opt).
 */
export const MINER_NAMES = [
  'kdevtmpfsi', 'kinsing', 'xmrig', 'xmr-stak', 'xmr-stak-rx', 'minerd', 'cpuminer', 'ccminer', 'cgminer', 'bfgminer',
  'ethminer', 'nbminer', 't-rex', 'phoenixminer', 'lolminer', 'teamredminer', 'gminer', 'nanominer', 'srbminer', 'srbminer-multi',
];

/** Folders anyone can write, where droppers put what they download; nothing installed runs from there. */
const WORLD_WRITABLE = ['/tmp/', '/var/tmp/', '/dev/shm/'];

export const MINERS_FIX =
  'stop it, find how it got in (exposed database ports), rebuild affected containers from clean images, rotate every secret (golive apply --only secrets --rotate NAME for each one)';

interface IntrusionFacts {
  readonly processes: ProcessSeen[];
  readonly cron: CronFile[];
}

export const intrusionCheck: AuditCheck<IntrusionFacts> = {
  items: [{ id: 'intrusion.miners', title: 'No cryptominer or dropper running', fix: MINERS_FIX }],
  facts: () => ({ processes: processesFact, cron: cronFilesFact }),
  judge: (facts) => [judgeMiners(facts)],
};

export function judgeMiners({ processes, cron }: IntrusionFacts): AuditFinding {
  const suspects = processes.flatMap((p) => {
    const why = suspicion(p);
    return why ? [`PID ${p.pid} ${p.comm} (${p.exe ?? 'executable unreadable'}): ${why}`] : [];
  });
  const droppers = findCronDroppers(cron).map((d) => `${d.path} line ${d.line}: ${d.entry} (downloads a script and runs it)`);
  const base = { id: 'intrusion.miners', title: 'No cryptominer or dropper running', fix: MINERS_FIX };
  if (suspects.length + droppers.length > 0) return { ...base, status: 'fail', evidence: [...suspects, ...droppers].join('\n') };
  return {
    ...base,
    status: 'pass',
    evidence: `/proc: ${processes.length} processes, none named like a miner or run from ${WORLD_WRITABLE.map((folder) => folder.slice(0, -1)).join(', ')}; cron: ${cron.length} files (/etc/crontab, /etc/cron.d, /var/spool/cron/crontabs), none downloads a script and runs it`,
  };
}

/** Why a process looks like a miner or a dropper, if it does. */
export function suspicion(process: ProcessSeen): string | undefined {
  const file = process.exe?.replace(/ \(deleted\)$/, '');
  const fileName = file?.slice(file.lastIndexOf('/') + 1);
  const named = [process.comm, fileName].some((name) => name !== undefined && isMinerName(name));
  const folder = file && WORLD_WRITABLE.find((prefix) => file.startsWith(prefix));
  const reasons = [named ? "a known miner's name" : '', folder ? `runs from ${folder.slice(0, -1)}${process.exe !== file ? ', its file deleted' : ''}` : ''].filter(Boolean);
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

export function isMinerName(name: string): boolean {
  const lower = name.toLowerCase();
  return MINER_NAMES.some((miner) => lower === miner || (lower.startsWith(miner) && /^[-_.]/.test(lower.slice(miner.length))));
}
