import type { AuditFinding } from '../engine/types.js';
import { describeHandshake, type Handshake, NO_SESSION, TLS_ADDRESS, TLS_VERSION_NAMES, type TlsVersion } from './tls-handshake.js';

export type VersionHandshakes = Readonly<Record<TlsVersion, Handshake>>;

export const PROTOCOLS_ITEM = {
  id: 'tls.protocols',
  title: 'Only TLS 1.2 and 1.3 are accepted',
  fix: 'golive apply --only tls',
} as const;

const OLD: readonly TlsVersion[] = ['tls1', 'tls1_1'];
const CURRENT: readonly TlsVersion[] = ['tls1_2', 'tls1_3'];

function outcome(handshake: Handshake): string {
  return handshake.state === 'done' ? `accepted (${handshake.cipher})` : describeHandshake(handshake);
}

/** Old versions must be refused by the server itself: a connection that failed some other way proves nothing. */
export function judgeProtocols(handshake: Handshake, versions: VersionHandshakes): AuditFinding {
  const finding = (status: AuditFinding['status'], evidence: string): AuditFinding => ({ ...PROTOCOLS_ITEM, status, evidence });
  if (handshake.state !== 'done') return finding('unknown', NO_SESSION);
  const evidence = `openssl s_client -connect ${TLS_ADDRESS} -tls1/-tls1_1 (at SECLEVEL=0)/-tls1_2/-tls1_3: ${[...OLD, ...CURRENT]
    .map((version) => `${TLS_VERSION_NAMES[version]} ${outcome(versions[version])}`)
    .join('; ')}`;
  const accepted = (list: readonly TlsVersion[]) => list.filter((version) => versions[version].state === 'done');
  if (accepted(OLD).length > 0) return finding('fail', `${accepted(OLD).map((v) => TLS_VERSION_NAMES[v]).join(' and ')} accepted: ${evidence}`);
  if (OLD.some((version) => !['refused', 'not-tls'].includes(versions[version].state))) return finding('unknown', `an old version was neither accepted nor refused: ${evidence}`);
  if (accepted(CURRENT).length === 0) return finding('fail', `neither TLS 1.2 nor 1.3 accepted: ${evidence}`);
  return finding('pass', evidence);
}
