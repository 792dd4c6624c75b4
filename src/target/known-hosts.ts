import { createHash, createHmac } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * OpenSSH known_hosts: plain and hashed (`|1|salt|hash`) host fields, `[host]:port` for ports other
 * than 22, wildcard and negated patterns, and the @revoked marker.
 */

export type HostKeyVerdict =
  | { readonly status: 'known' }
  | { readonly status: 'unknown' }
  | { readonly status: 'changed'; readonly knownTypes: readonly string[] }
  | { readonly status: 'revoked' };

interface KnownHostEntry {
  readonly marker: '' | '@revoked' | '@cert-authority';
  readonly hosts: string;
  readonly keyType: string;
  readonly keyBase64: string;
}

export function hostField(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
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

function hostsMatch(hosts: string, name: string): boolean {
  if (hosts.startsWith('|1|')) {
    const [, , salt = '', hash = ''] = hosts.split('|');
    const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return digest === hash;
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
    if (!existsSync(this.file)) return [];
    const name = hostField(host, port);
    return parseEntries(readFileSync(this.file, 'utf8')).filter((entry) => hostsMatch(entry.hosts, name));
  }

  /** Key types on record for this host, to ask the server for one of those first. */
  knownKeyTypes(host: string, port: number): string[] {
    return [...new Set(this.#entriesFor(host, port).filter((e) => e.marker === '').map((e) => e.keyType))];
  }

  verify(host: string, port: number, blob: Buffer): HostKeyVerdict {
    const presented = blob.toString('base64');
    const entries = this.#entriesFor(host, port);
    if (entries.some((e) => e.marker === '@revoked' && e.keyBase64 === presented)) return { status: 'revoked' };
    const plain = entries.filter((e) => e.marker === '');
    if (plain.some((e) => e.keyBase64 === presented)) return { status: 'known' };
    if (plain.length > 0) return { status: 'changed', knownTypes: [...new Set(plain.map((e) => e.keyType))] };
    return { status: 'unknown' };
  }

  record(host: string, port: number, blob: Buffer): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const existing = existsSync(this.file) ? readFileSync(this.file, 'utf8') : '';
    const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
    appendFileSync(this.file, `${separator}${hostField(host, port)} ${keyTypeOf(blob)} ${blob.toString('base64')}\n`, { mode: 0o600 });
  }
}
