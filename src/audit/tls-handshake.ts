import type { CommandFact, ProbeOutput } from '../engine/types.js';
import { GoliveError } from '../errors.js';

/**
 * TLS handshakes with the server's own port 443, made on the server with `openssl s_client` (on
 * every Debian 12), so the answer is the proxy's whatever the firewall lets through from outside.
 */

/**
 * The host name sent as SNI when golive does not know the site's name (no tls.domains): `localhost`
 * is one a proxy may serve. Each fact takes the name to send, so the tls step and the audit ask
 * for the site's own name once golive.yml gives it.
 */
export const TLS_SNI = 'localhost';
export const TLS_ADDRESS = '127.0.0.1:443';
/** A handshake that takes longer than this is given up (something listens that does not answer). */
const HANDSHAKE_SECONDS = '5';

export type TlsVersion = 'tls1' | 'tls1_1' | 'tls1_2' | 'tls1_3';
export const TLS_VERSION_NAMES: Readonly<Record<TlsVersion, string>> = { tls1: 'TLS 1.0', tls1_1: 'TLS 1.1', tls1_2: 'TLS 1.2', tls1_3: 'TLS 1.3' };

/**
 * What one handshake gave: `closed` nothing listens; `silent` no answer in time; `refused` a TLS
 * server answered with an alert; `not-tls` something answered that is not TLS; `done` a session.
 */
export type Handshake =
  | { readonly state: 'closed' | 'silent' }
  | { readonly state: 'refused' | 'not-tls'; readonly reason: string }
  | { readonly state: 'done'; readonly protocol: string; readonly cipher: string; readonly verifyCode: number; readonly verifyText: string };

const s_client = (sni: string, extra: readonly string[]) => ['timeout', HANDSHAKE_SECONDS, 'openssl', 's_client', '-connect', TLS_ADDRESS, '-servername', sni, ...extra];

/** The first line of openssl's error that says why (`tlsv1 alert protocol version`), without its codes and source file. */
function errorReason(stderr: string): string {
  for (const line of stderr.split('\n')) {
    const match = /^[0-9A-F]+:error:[0-9A-F]+:[^:]*:[^:]*:([^:]+):/.exec(line.trim());
    if (match) return match[1]!.trim();
  }
  return stderr.trim().split('\n')[0]?.slice(0, 200) ?? '';
}

export function parseHandshake(output: ProbeOutput): Handshake {
  if (output.exitCode === 127 || /failed to run command .openssl.|openssl: not found/.test(output.stderr)) {
    throw new GoliveError('openssl is not installed on the server, so golive cannot make a TLS handshake there', 'apt-get install openssl, then run golive audit again');
  }
  if (output.exitCode === 124) return { state: 'silent' };
  if (!output.stdout.includes('CONNECTED(')) return { state: 'closed' };
  const cipher = /^New, [^,]*, Cipher is (.+)$/m.exec(output.stdout)?.[1]?.trim();
  if (output.exitCode !== 0 || !cipher || cipher === '(NONE)') {
    const reason = errorReason(output.stderr);
    return { state: /alert/i.test(reason) ? 'refused' : 'not-tls', reason: reason || `openssl s_client exited with ${output.exitCode}` };
  }
  const protocol = /^\s*Protocol\s*:\s*(\S+)/m.exec(output.stdout)?.[1] ?? 'TLS';
  const verify = /^\s*Verify return code: (\d+) \((.*)\)/m.exec(output.stdout);
  return { state: 'done', protocol, cipher, verifyCode: verify ? Number(verify[1]) : -1, verifyText: verify?.[2] ?? 'no verification result' };
}

/** A handshake as a client would make it today, asking for the site `sni`. */
export function handshakeFact(sni: string = TLS_SNI): CommandFact<Handshake> {
  return { argv: s_client(sni, []), parse: parseHandshake };
}

/**
 * A handshake offering only one protocol version. Debian 12's OpenSSL will not complete TLS 1.0 or
 * 1.1 at its default security level (it refuses the server's SHA-1 signature itself), so the old
 * versions are offered at level 0: a refusal is then the server's.
 */
export function versionFact(version: TlsVersion, sni: string = TLS_SNI): CommandFact<Handshake> {
  const old = version === 'tls1' || version === 'tls1_1';
  return { argv: s_client(sni, [`-${version}`, ...(old ? ['-cipher', 'DEFAULT:@SECLEVEL=0'] : [])]), parse: parseHandshake };
}

/** What a handshake says, for evidence: "TLSv1.3 (TLS_AES_128_GCM_SHA256)", "refused: tlsv1 alert protocol version". */
export function describeHandshake(handshake: Handshake): string {
  switch (handshake.state) {
    case 'closed':
      return `nothing listens on ${TLS_ADDRESS} (connection refused)`;
    case 'silent':
      return `something listens on ${TLS_ADDRESS} but did not answer a TLS handshake within ${HANDSHAKE_SECONDS} s`;
    case 'refused':
      return `refused: ${printable(handshake.reason)}`;
    case 'not-tls':
      return `no TLS: ${printable(handshake.reason)}`;
    case 'done':
      return `${handshake.protocol} (${handshake.cipher})`;
  }
}

/** Text the server chose (a certificate's subject, a header), made safe to show: no control characters, not too long. */
export function printable(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** The evidence of an item that needs a TLS session when there was none. */
export const NO_SESSION = `no TLS session with ${TLS_ADDRESS}: see tls.https`;
