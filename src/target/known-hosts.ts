import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * OpenSSH known_hosts: plain and hashed (`|1|salt|hash`) host fields, `[host]:port` for ports other
 * than 22, wildcard and negated patterns, and the @revoked and @cert-authority markers. Host names
 * are compared in lower case, as ssh lower-cases the name it was given before looking it up.
 */

export type HostKeyVerdict =
  | { readonly status: 'known' }
  | { readonly status: 'unknown' }
  | { readonly status: 'changed'; readonly knownTypes: readonly string[] }
  | { readonly status: 'revoked' }
  /** Not a key on record, but @cert-authority lines match the host: only a certificate can vouch for it. */
  | { readonly status: 'certify'; readonly authorities: readonly Buffer[]; readonly knownTypes: readonly string[] };

interface KnownHostEntry {
  readonly marker: '' | '@revoked' | '@cert-authority';
  readonly hosts: string;
  readonly keyType: string;
  readonly keyBase64: string;
}

export function hostField(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** The host field ssh looks up and records: the name in lower case, with the port when not 22. */
export function knownHostsName(host: string, port: number): string {
  return hostField(host.toLowerCase(), port);
}

export function keyTypeOf(blob: Buffer): string {
  const length = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + length).toString('latin1');
}

export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

function parseEntries(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) continue;
    const marker = fields[0] === '@revoked' || fields[0] === '@cert-authority' ? fields.shift() : '';
    const [hosts, keyType, keyBase64] = fields;
    if (hosts && keyType && keyBase64) entries.push({ marker: marker as KnownHostEntry['marker'], hosts, keyType, keyBase64 });
  }
  return entries;
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  return new RegExp(`^${escaped}$`, 'i');
}

function isHashed(hosts: string): boolean {
  return hosts.startsWith('|1|');
}

/** `|1|salt|HMAC-SHA1(salt, name)`, both in base64, as ssh-keygen -H writes it. */
function hashedHostField(name: string, salt: Buffer = randomBytes(20)): string {
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

function hostsMatch(hosts: string, name: string): boolean {
  if (isHashed(hosts)) {
    const [, , salt = ''] = hosts.split('|');
    return hashedHostField(name, Buffer.from(salt, 'base64')) === hosts;
  }
  let matched = false;
  for (const pattern of hosts.split(',')) {
    if (pattern.startsWith('!')) {
      if (globToRegExp(pattern.slice(1)).test(name)) return false;
    } else if (globToRegExp(pattern).test(name)) {
      matched = true;
    }
  }
  return matched;
}

export class KnownHosts {
  constructor(readonly file: string) {}

  #entriesFor(host: string, port: number): KnownHostEntry[] {
    const name = knownHostsName(host, port);
    return parseEntries(this.#text()).filter((entry) => hostsMatch(entry.hosts, name));
  }

  #text(): string {
    return existsSync(this.file) ? readFileSync(this.file, 'utf8') : '';
  }

  /** Key types on record for this host, to ask the server for one of those first. */
  knownKeyTypes(host: string, port: number): string[] {
    return [...new Set(this.#entriesFor(host, port).filter((e) => e.marker === '').map((e) => e.keyType))];
  }

  /** Whether any @cert-authority line names this host, so a certificate may vouch for it. */
  hasAuthorities(host: string, port: number): boolean {
    return this.#entriesFor(host, port).some((e) => e.marker === '@cert-authority');
  }

  verify(host: string, port: number, blob: Buffer): HostKeyVerdict {
    const presented = blob.toString('base64');
    const entries = this.#entriesFor(host, port);
    if (entries.some((e) => e.marker === '@revoked' && e.keyBase64 === presented)) return { status: 'revoked' };
    const plain = entries.filter((e) => e.marker === '');
    if (plain.some((e) => e.keyBase64 === presented)) return { status: 'known' };
    const knownTypes = [...new Set(plain.map((e) => e.keyType))];
    const authorityLines = entries.filter((e) => e.marker === '@cert-authority');
    if (authorityLines.length > 0) {
      // A revoked CA vouches for nothing, but the host stays one known through a CA: never "unknown".
      const revoked = new Set(entries.filter((e) => e.marker === '@revoked').map((e) => e.keyBase64));
      const authorities = authorityLines.filter((e) => !revoked.has(e.keyBase64)).map((e) => Buffer.from(e.keyBase64, 'base64'));
      return { status: 'certify', authorities, knownTypes };
    }
    if (plain.length > 0) return { status: 'changed', knownTypes };
    return { status: 'unknown' };
  }

  /** Appends the host's key, hashed when the file already holds hashed entries (HashKnownHosts). */
  record(host: string, port: number, blob: Buffer): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const existing = this.#text();
    const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
    const name = knownHostsName(host, port);
    const field = parseEntries(existing).some((e) => isHashed(e.hosts)) ? hashedHostField(name) : name;
    appendFileSync(this.file, `${separator}${field} ${keyTypeOf(blob)} ${blob.toString('base64')}\n`, { mode: 0o600 });
  }
}
