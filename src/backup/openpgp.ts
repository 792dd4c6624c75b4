import { createHash } from 'node:crypto';

/**
 * Just enough OpenPGP (RFC 4880) to check an armored public key on the admin's side before it goes
 * to a server: its user IDs, fingerprints and key IDs. Cryptography stays with gpg on the server.
 */

export interface OpenPgpKey {
  /** The primary key's fingerprint, 40 upper-case hex digits. */
  readonly fingerprint: string;
  /** Fingerprints of the primary key and its subkeys: what a backup can be encrypted to. */
  readonly keyFingerprints: readonly string[];
  readonly userIds: readonly string[];
}

export class OpenPgpError extends Error {}

const ARMOR_KINDS = { 'PGP PUBLIC KEY BLOCK': 'public', 'PGP PRIVATE KEY BLOCK': 'private' } as const;

/** The public keys in an armored "PGP PUBLIC KEY BLOCK" (several blocks may follow one another). */
export function readArmoredPublicKeys(text: string): OpenPgpKey[] {
  const blocks = [...text.matchAll(/-----BEGIN (PGP [A-Z ]+)-----\r?\n([\s\S]*?)-----END \1-----/g)];
  if (blocks.length === 0) throw new OpenPgpError('it is not an armored OpenPGP key (no "-----BEGIN PGP PUBLIC KEY BLOCK-----")');
  const keys: OpenPgpKey[] = [];
  for (const [, kind, body] of blocks) {
    const known = ARMOR_KINDS[kind as keyof typeof ARMOR_KINDS];
    if (known === 'private') throw new OpenPgpError('it holds a PRIVATE key: golive only ever copies a public key to a server (export it with `gpg --armor --export KEY`)');
    if (known !== 'public') throw new OpenPgpError(`it holds a "${kind}", not a public key`);
    keys.push(...keysOf(packets(dearmor(body!))));
  }
  if (keys.length === 0) throw new OpenPgpError('it holds no public key');
  return keys;
}

function dearmor(body: string): Buffer {
  const lines = body.split(/\r?\n/);
  const blank = lines.findIndex((line) => line.trim() === '');
  // Armor headers ("Comment: ...") end at the first blank line; the checksum line starts with "=".
  const data = lines.slice(blank + 1).filter((line) => line.trim() !== '' && !line.startsWith('='));
  const joined = data.join('').trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(joined)) throw new OpenPgpError('its armor is damaged (not base64)');
  return Buffer.from(joined, 'base64');
}

interface Packet {
  readonly tag: number;
  readonly body: Buffer;
}

function packets(data: Buffer): Packet[] {
  const result: Packet[] = [];
  let at = 0;
  while (at < data.length) {
    const header = data[at]!;
    if ((header & 0x80) === 0) throw new OpenPgpError('it is not an OpenPGP key (bad packet header)');
    let tag: number;
    let length: number;
    if (header & 0x40) {
      tag = header & 0x3f;
      const first = data[at + 1]!;
      if (first < 192) [length, at] = [first, at + 2];
      else if (first < 224) [length, at] = [((first - 192) << 8) + data[at + 2]! + 192, at + 3];
      else if (first === 255) [length, at] = [data.readUInt32BE(at + 2), at + 6];
      else throw new OpenPgpError('it uses partial packet lengths, which keys never do');
    } else {
      tag = (header >> 2) & 0x0f;
      const size = [1, 2, 4][header & 0x03];
      if (size === undefined) throw new OpenPgpError('it uses an indeterminate packet length, which keys never do');
      length = size === 1 ? data[at + 1]! : size === 2 ? data.readUInt16BE(at + 1) : data.readUInt32BE(at + 1);
      at += 1 + size;
    }
    if (at + length > data.length) throw new OpenPgpError('it is cut short');
    result.push({ tag, body: data.subarray(at, at + length) });
    at += length;
  }
  return result;
}

const PUBLIC_KEY = 6;
const PUBLIC_SUBKEY = 14;
const USER_ID = 13;
const SECRET_KEY = 5;
const SECRET_SUBKEY = 7;

function keysOf(list: readonly Packet[]): OpenPgpKey[] {
  const keys: { fingerprint: string; keyFingerprints: string[]; userIds: string[] }[] = [];
  for (const packet of list) {
    if (packet.tag === SECRET_KEY || packet.tag === SECRET_SUBKEY) throw new OpenPgpError('it holds a PRIVATE key: golive only ever copies a public key to a server');
    const current = keys.at(-1);
    if (packet.tag === PUBLIC_KEY) {
      const fingerprint = fingerprintOf(packet.body);
      keys.push({ fingerprint, keyFingerprints: [fingerprint], userIds: [] });
    } else if (packet.tag === PUBLIC_SUBKEY && current) {
      current.keyFingerprints.push(fingerprintOf(packet.body));
    } else if (packet.tag === USER_ID && current) {
      current.userIds.push(packet.body.toString('utf8'));
    }
  }
  return keys;
}

/** Version 4 keys, what gpg makes: SHA-1 over 0x99, a two-byte length and the key packet's body. */
function fingerprintOf(body: Buffer): string {
  if (body[0] !== 4) throw new OpenPgpError(`it holds a version ${body[0]} key; golive reads version 4 keys (what gpg 2.2 and later make)`);
  const prefix = Buffer.from([0x99, body.length >> 8, body.length & 0xff]);
  return createHash('sha1').update(prefix).update(body).digest('hex').toUpperCase();
}

/**
 * The key a recipient names: an e-mail address in a user ID, a fingerprint, or a long key ID
 * (of the primary key or a subkey). The caller decides what none or several matches mean.
 */
export function findRecipient(keys: readonly OpenPgpKey[], recipient: string): OpenPgpKey[] {
  const hex = recipient.replace(/^0x/i, '').replace(/\s+/g, '').toUpperCase();
  if (/^[0-9A-F]{40}$/.test(hex)) return keys.filter((k) => k.keyFingerprints.includes(hex));
  if (/^[0-9A-F]{16}$/.test(hex)) return keys.filter((k) => k.keyFingerprints.some((f) => f.endsWith(hex)));
  const email = recipient.replace(/^<|>$/g, '').toLowerCase();
  return keys.filter((k) => k.userIds.some((uid) => uid.toLowerCase() === email || uid.toLowerCase().includes(`<${email}>`)));
}
