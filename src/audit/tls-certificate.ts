import type { AuditFinding, CommandFact } from '../engine/types.js';
import type { Handshake } from './tls-handshake.js';
import { NO_SESSION, printable, TLS_ADDRESS, TLS_SNI } from './tls-handshake.js';

/** The certificate port 443 presents, as `openssl x509` reads it from a handshake. */
export interface Certificate {
  readonly subject: string;
  readonly issuer: string;
  /** Seconds since the epoch. */
  readonly notBefore: number;
  readonly notAfter: number;
  /** `DNS:app.example.com, DNS:www.example.com`; empty when it has none. */
  readonly names: string;
}

/** The server's certificate, or null when no handshake gave one. Fixed script; its arguments are the address and the SNI name. */
const READ_CERTIFICATE = `timeout 5 openssl s_client -connect "$1" -servername "$2" </dev/null 2>/dev/null | openssl x509 -noout -subject -issuer -startdate -enddate -ext subjectAltName`;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** openssl's date, `Dec  1 07:21:50 2026 GMT`, as seconds since the epoch; NaN when it is not one. */
export function parseOpensslDate(text: string): number {
  const match = /^(\w{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) GMT$/.exec(text.trim());
  const month = match ? MONTHS.indexOf(match[1]!) : -1;
  if (!match || month < 0) return NaN;
  const [, , day, hours, minutes, seconds, year] = match.map(Number);
  return Date.UTC(year!, month, day, hours, minutes, seconds) / 1000;
}

export function parseCertificate(stdout: string): Certificate | null {
  const field = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(stdout)?.[1]?.trim();
  const notBefore = parseOpensslDate(field('notBefore') ?? '');
  const notAfter = parseOpensslDate(field('notAfter') ?? '');
  if (Number.isNaN(notBefore) || Number.isNaN(notAfter)) return null;
  const names = /Subject Alternative Name:.*\n\s*(.+)/.exec(stdout)?.[1]?.trim() ?? '';
  return { subject: field('subject') ?? '', issuer: field('issuer') ?? '', notBefore, notAfter, names };
}

/** The certificate presented for the site `sni`. */
export function certificateFact(sni: string = TLS_SNI): CommandFact<Certificate | null> {
  return { argv: ['sh', '-c', READ_CERTIFICATE, 'sh', TLS_ADDRESS, sni], parse: (output) => parseCertificate(output.stdout) };
}

/** Whether the system's CA bundle is there: without it no certificate verifies, whoever issued it. */
export const caBundleFact: CommandFact<boolean> = {
  argv: ['test', '-s', '/etc/ssl/certs/ca-certificates.crt'],
  parse: (output) => output.exitCode === 0,
};

/** The server's clock, to count the days left on its certificate. */
export const nowFact: CommandFact<number> = {
  argv: ['date', '+%s'],
  parse: (output) => Number(output.stdout.trim()),
};

const DAY = 86_400;
/**
 * Renewal leaves a third of a certificate's life (certbot and Caddy both renew then): under a third,
 * capped at 30 days, renewal is late (warn); under a sixth, capped at 14 days, it is failing (fail).
 * So a 90-day certificate warns under 30 days and fails under 14 days, and Caddy's 12-hour internal
 * ones are judged by the same rule.
 */
export function expiryThresholds(certificate: Certificate): { warn: number; fail: number } {
  const lifetime = certificate.notAfter - certificate.notBefore;
  return { warn: Math.min(30 * DAY, lifetime / 3), fail: Math.min(14 * DAY, lifetime / 6) };
}

function timeLeft(seconds: number): string {
  if (seconds >= 2 * DAY) return `${Math.floor(seconds / DAY)} days`;
  return `${Math.floor(seconds / 3600)} hours`;
}

export const CERTIFICATE_ITEM = {
  id: 'tls.certificate',
  title: 'The HTTPS certificate is valid, trusted and not about to expire',
  fix: 'golive apply --only tls',
} as const;

type Facts = { readonly handshake: Handshake; readonly certificate: Certificate | null; readonly caBundle: boolean; readonly now: number };

export function judgeCertificate({ handshake, certificate, caBundle, now }: Facts, sni: string = TLS_SNI): AuditFinding {
  const finding = (status: AuditFinding['status'], evidence: string): AuditFinding => ({ ...CERTIFICATE_ITEM, status, evidence });
  if (handshake.state !== 'done') return finding('unknown', NO_SESSION);
  if (!certificate) return finding('unknown', `openssl x509 could not read a certificate from a second handshake with ${TLS_ADDRESS}`);
  const left = certificate.notAfter - now;
  const expires = new Date(certificate.notAfter * 1000).toISOString().slice(0, 10);
  const described = `openssl s_client ${TLS_ADDRESS} (SNI ${sni}) | openssl x509: subject "${printable(certificate.subject)}", names "${printable(certificate.names)}", issuer "${printable(certificate.issuer)}", expires ${expires}`;
  const { warn, fail } = expiryThresholds(certificate);
  if (now < certificate.notBefore) return finding('fail', `${described}: not valid before ${new Date(certificate.notBefore * 1000).toISOString()}`);
  if (left <= 0) return finding('fail', `${described}: expired`);
  if (left < fail) return finding('fail', `${described}: ${timeLeft(left)} left, under ${timeLeft(fail)} (renewal is failing)`);
  if (handshake.verifyCode !== 0) {
    const noBundle = caBundle ? '' : ' (this server has no CA bundle: the ca-certificates package is not installed, so nothing verifies here)';
    return finding('warn', `${described}: does not verify against the system's CAs: ${handshake.verifyText}${noBundle}; browsers will warn unless they trust its CA`);
  }
  if (left < warn) return finding('warn', `${described}: ${timeLeft(left)} left, under ${timeLeft(warn)} (renewal is late)`);
  return finding('pass', `${described}: verifies, ${timeLeft(left)} left`);
}
