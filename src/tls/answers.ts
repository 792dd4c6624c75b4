import { readSection } from '../answers/section.js';
import { show, validateOneOf, validatePort } from '../answers/validators.js';
import { InputError } from '../errors.js';

/**
 * The tls step's answers, each checked to be exactly the kind of value it names: every one ends up
 * in the Caddyfile, where a space, a brace or a quote would change what Caddy reads.
 */

export const CERTIFICATE_SOURCES = ['acme', 'internal'] as const;
export type CertificateSource = (typeof CERTIFICATE_SOURCES)[number];

export interface TlsAnswers {
  /** The site's names, lower case, in the order given: the first is the one the audit asks for. */
  readonly domains: readonly string[];
  /** Where the app listens: `127.0.0.1:8080`, `localhost:3000`, `[::1]:8080`. */
  readonly upstream: string;
  /** The ACME account's e-mail (Let's Encrypt writes there about expiring certificates). */
  readonly email?: string;
  /** acme: a public CA (Let's Encrypt); internal: Caddy's own CA, for staging and tests. */
  readonly certificates: CertificateSource;
}

export const TLS_ANSWER_KEYS = ['domains', 'upstream', 'email', 'certificates'] as const;

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const EMAIL = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** Why a name is not one Caddy can serve a certificate for, or undefined when it is a host name. */
function domainProblem(name: string): string | undefined {
  if (name.includes('*')) return 'a wildcard: its certificate needs the DNS challenge, which golive does not set up; list each name';
  if (name.includes('://')) return 'a URL: give the host name alone, without https://';
  if (name.includes('/')) return 'a URL: give the host name alone, without a path';
  if (/:\d*$/.test(name) && !name.includes('::')) return 'a name with a port: give the host name alone; Caddy serves HTTPS on 443';
  if (IPV4.test(name) || name.includes(':')) return 'an IP address: certificates are for host names (point a DNS name at the server)';
  if (name.length > 253 || name.endsWith('.')) return 'not a host name (at most 253 characters, no final dot)';
  if (!name.split('.').every((label) => LABEL.test(label))) return 'not a host name: letters, digits and -, in labels separated by dots';
  if (/^\d+$/.test(name.split('.').pop()!)) return 'not a host name: its last label is all digits';
  return undefined;
}

export function validateDomain(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new InputError(`${field}: ${show(value)} is not a host name`, 'like app.example.com');
  const name = value.trim().toLowerCase();
  const problem = domainProblem(name);
  if (problem) throw new InputError(`${field}: ${show(value)} is ${problem}`, 'like app.example.com');
  return name;
}

/** One name or more: a list, or one string of names separated by spaces or commas. */
export function validateDomains(value: unknown, field: string): string[] {
  const items = typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value;
  if (!Array.isArray(items) || items.length === 0) throw new InputError(`${field}: expected one host name or more, got ${show(value)}`, 'like [app.example.com, www.example.com]');
  const names = items.map((item, index) => validateDomain(item, `${field}[${index}]`));
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice) throw new InputError(`${field}: ${twice} is listed twice`);
  return names;
}

/** host:port of the app: an IPv4 address, `[IPv6]`, or a host name, and a port; nothing else. */
export function validateUpstream(value: unknown, field: string): string {
  const hint = 'host:port of the app, like 127.0.0.1:8080, localhost:3000 or [::1]:8080';
  const text = typeof value === 'string' ? value.trim() : '';
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(text);
  if (!match) throw new InputError(`${field}: ${show(value)} is not host:port`, hint);
  const [, host, port] = match as unknown as [string, string, string];
  validatePort(Number(port), `${field} (port)`);
  const hostOk = host.startsWith('[') ? /^\[[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*\]$/.test(host) : IPV4.test(host) ? host.split('.').every((n) => Number(n) <= 255) : host.split('.').every((label) => LABEL.test(label.toLowerCase()));
  if (!hostOk) throw new InputError(`${field}: ${show(value)} does not start with a host name or IP address`, hint);
  return text;
}

export function validateEmail(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length > 254 || !EMAIL.test(value.trim())) {
    throw new InputError(`${field}: ${show(value)} is not an e-mail address`, "like admin@example.com: the ACME account Let's Encrypt writes to about expiring certificates");
  }
  return value.trim();
}

export function parseTlsAnswers(raw: unknown, field: string): Partial<TlsAnswers> {
  const section = readSection(raw, field, TLS_ANSWER_KEYS);
  const answers: { -readonly [K in keyof TlsAnswers]?: TlsAnswers[K] } = {};
  if (section.domains !== undefined) answers.domains = validateDomains(section.domains, `${field}.domains`);
  if (section.upstream !== undefined) answers.upstream = validateUpstream(section.upstream, `${field}.upstream`);
  if (section.email !== undefined) answers.email = validateEmail(section.email, `${field}.email`);
  if (section.certificates !== undefined) answers.certificates = validateOneOf(section.certificates, CERTIFICATE_SOURCES, `${field}.certificates`);
  return answers;
}

/** The first of tls.domains in raw answers, when it is a valid name: the audit's SNI. Anything else: undefined (the step says why). */
export function firstDomain(raw: unknown): string | undefined {
  try {
    return parseTlsAnswers(raw, 'tls').domains?.[0];
  } catch {
    return undefined;
  }
}
