import { describeHandshake, type Handshake, printable } from '../audit/tls-handshake.js';
import { hstsMaxAge } from '../audit/tls-hsts.js';
import type { Check } from '../engine/types.js';
import type { SiteReading } from './site-probe.js';

/** What every HTTPS answer of a golive site carries, judged on the answer the server really gave. */

/** One year: what golive's block sends, and what the HSTS preload list asks. */
export const HSTS_SECONDS = 31_536_000;

const DAY = 86_400;

function refused(handshake: Handshake): boolean {
  return handshake.state === 'refused' || handshake.state === 'not-tls';
}

function hstsCheck(value: string | undefined): { ok: boolean; detail: string } {
  if (value === undefined) return { ok: false, detail: 'no Strict-Transport-Security header' };
  const age = hstsMaxAge(value) ?? 0;
  const ok = age >= HSTS_SECONDS && /(^|;)\s*includeSubDomains\s*(;|$)/i.test(value);
  return { ok, detail: `${printable(value, 120)}${ok ? '' : `: wanted max-age ${HSTS_SECONDS} or more with includeSubDomains`}` };
}

function framingCheck(headers: ReadonlyMap<string, string>): { ok: boolean; detail: string } {
  const frame = headers.get('x-frame-options');
  const policy = headers.get('content-security-policy');
  const ok = frame?.toUpperCase() === 'DENY' || frame?.toUpperCase() === 'SAMEORIGIN' || /frame-ancestors/i.test(policy ?? '');
  return { ok, detail: `X-Frame-Options: ${printable(frame ?? 'none', 40)}; Content-Security-Policy: ${printable(policy ?? 'none', 80)}` };
}

function expiryCheck(reading: SiteReading, now: number): Check {
  const name = `${reading.domain}: certificate`;
  const certificate = reading.certificate;
  if (!certificate) return { name, ok: false, detail: 'openssl x509 read no certificate' };
  const left = certificate.notAfter - now;
  const shown = left >= 2 * DAY ? `${Math.floor(left / DAY)} days` : `${Math.max(0, Math.floor(left / 3600))} hours`;
  return { name, ok: left > 0, detail: `${left > 0 ? `expires in ${shown}` : 'expired'} (${new Date(certificate.notAfter * 1000).toISOString().slice(0, 10)}), issuer ${printable(certificate.issuer, 80)}` };
}

function redirectCheck(reading: SiteReading): Check {
  const location = reading.http.headers.get('location') ?? '';
  const ok = /^HTTP\/\S+ 30[178]/.test(reading.http.statusLine) && location.toLowerCase().startsWith(`https://${reading.domain}`);
  const detail = reading.http.statusLine ? `${printable(reading.http.statusLine, 60)}${location ? ` -> ${printable(location, 100)}` : ''}` : 'no answer on port 80';
  return { name: `${reading.domain}: http:// redirects to https://`, ok, detail };
}

/** The answer's headers, each against golive's block. */
function headerChecks(reading: SiteReading): Check[] {
  const { domain, head } = reading;
  const headers = head.headers;
  const server = headers.get('server');
  return [
    { name: `${domain}: HSTS`, ...hstsCheck(headers.get('strict-transport-security')) },
    { name: `${domain}: X-Content-Type-Options nosniff`, ok: headers.get('x-content-type-options')?.toLowerCase() === 'nosniff', detail: printable(headers.get('x-content-type-options') ?? 'none', 60) },
    { name: `${domain}: Referrer-Policy`, ok: headers.has('referrer-policy'), detail: printable(headers.get('referrer-policy') ?? 'none', 60) },
    { name: `${domain}: framing refused`, ...framingCheck(headers) },
    { name: `${domain}: no Server header`, ok: server === undefined, detail: server === undefined ? 'none' : `Server: ${printable(server, 60)}` },
  ];
}

/** Every check of one domain: HTTPS answers, old TLS refused, the headers, the certificate, the redirect. */
export function siteChecks(reading: SiteReading, now: number): Check[] {
  const { domain, handshake } = reading;
  const https: Check = { name: `${domain}: HTTPS answers`, ok: handshake.state === 'done' && reading.head.statusLine !== '', detail: `${describeHandshake(handshake)}${reading.head.statusLine ? `; ${printable(reading.head.statusLine, 60)}` : '; no HTTP answer'}` };
  if (!https.ok) return [https];
  return [
    https,
    { name: `${domain}: TLS 1.1 refused`, ok: refused(reading.tls1_1), detail: describeHandshake(reading.tls1_1) },
    { name: `${domain}: TLS 1.2 accepted`, ok: reading.tls1_2.state === 'done', detail: describeHandshake(reading.tls1_2) },
    ...headerChecks(reading),
    expiryCheck(reading, now),
    redirectCheck(reading),
  ];
}
