import type { AuditFinding, CommandFact } from '../engine/types.js';
import { type Handshake, NO_SESSION, printable, TLS_ADDRESS, TLS_SNI } from './tls-handshake.js';

/**
 * The headers of the answer to `GET /` over TLS, read with openssl s_client (curl is not on a
 * stock Debian 12). GET, not HEAD: it is what a browser asks, and some servers answer HEAD with no
 * headers at all. Only the headers are kept: sed quits at the blank line, and the body is never read.
 * Fixed script; its arguments are the address and the host name (SNI and Host header).
 */
const READ_HEADERS = `printf 'GET / HTTP/1.1\\r\\nHost: %s\\r\\nUser-Agent: golive-audit\\r\\nConnection: close\\r\\n\\r\\n' "$2" | timeout 10 openssl s_client -quiet -connect "$1" -servername "$2" 2>/dev/null | tr -d '\\r' | sed '/^$/q'`;

export interface HttpHead {
  /** `HTTP/1.1 200 OK`; empty when nothing answered. */
  readonly statusLine: string;
  /** Header names in lower case; the last value of a repeated header. */
  readonly headers: ReadonlyMap<string, string>;
}

export function parseHttpHead(stdout: string): HttpHead {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => /^HTTP\/\d/.test(line));
  if (start < 0) return { statusLine: '', headers: new Map() };
  const headers = new Map<string, string>();
  for (const line of lines.slice(start + 1)) {
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { statusLine: lines[start]!.trim(), headers };
}

/** The headers of `GET /` for the site `sni` (SNI and Host header). */
export function httpHeadFact(sni: string = TLS_SNI): CommandFact<HttpHead> {
  return { argv: ['sh', '-c', READ_HEADERS, 'sh', TLS_ADDRESS, sni], parse: (output) => parseHttpHead(output.stdout) };
}

/** 180 days: what browsers' preload list asks at least, and long enough to outlast a visitor's gaps. */
export const HSTS_MIN_AGE = 15_552_000;

/** `max-age` of a Strict-Transport-Security value, or undefined when it has none (RFC 6797: the value may be quoted). */
export function hstsMaxAge(value: string): number | undefined {
  const match = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?\s*(?:;|$)/i.exec(value);
  return match ? Number(match[1]) : undefined;
}

export const HSTS_ITEM = {
  id: 'tls.hsts',
  title: 'HTTPS answers tell browsers to keep to HTTPS (HSTS, 180 days or more)',
  fix: 'golive apply --only tls',
} as const;

export function judgeHsts(handshake: Handshake, head: HttpHead, sni: string = TLS_SNI): AuditFinding {
  const finding = (status: AuditFinding['status'], evidence: string): AuditFinding => ({ ...HSTS_ITEM, status, evidence });
  if (handshake.state !== 'done') return finding('unknown', NO_SESSION);
  const asked = `GET / (Host ${sni}) over TLS to ${TLS_ADDRESS}`;
  if (!head.statusLine) return finding('unknown', `${asked}: no HTTP answer within 10 s`);
  const answer = `${asked}: ${printable(head.statusLine, 80)}`;
  const value = head.headers.get('strict-transport-security');
  if (value === undefined) return finding('fail', `${answer}, no Strict-Transport-Security header`);
  const maxAge = hstsMaxAge(value);
  const shown = `Strict-Transport-Security: ${printable(value, 120)}`;
  if (maxAge === undefined) return finding('fail', `${answer}, ${shown}: no max-age`);
  if (maxAge < HSTS_MIN_AGE) return finding('fail', `${answer}, ${shown}: max-age under ${HSTS_MIN_AGE} s (180 days)`);
  return finding('pass', `${answer}, ${shown}`);
}
