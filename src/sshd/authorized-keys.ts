/** Public keys in an authorized_keys file, checked the way sshd would accept them. */

const KEY_TYPES = /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)$/;

export interface AuthorizedKey {
  readonly type: string;
  readonly comment: string;
}

/** Splits on blanks outside double quotes: options like command="a b" are one token. */
function tokens(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    if (!quoted && /\s/.test(char)) {
      if (current) out.push(current);
      current = '';
    } else current += char;
  }
  if (current) out.push(current);
  return out;
}

function blobType(base64: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  const blob = Buffer.from(base64, 'base64');
  if (blob.length < 4) return undefined;
  const length = blob.readUInt32BE(0);
  if (length > blob.length - 4) return undefined;
  return blob.subarray(4, 4 + length).toString('latin1');
}

/** Keys whose declared type matches the type inside the key itself; anything else is ignored, as sshd does. */
export function parseAuthorizedKeys(text: string): AuthorizedKey[] {
  const keys: AuthorizedKey[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const parts = tokens(line);
    const at = parts.findIndex((part) => KEY_TYPES.test(part));
    if (at < 0) continue;
    const type = parts[at]!;
    const base64 = parts[at + 1];
    if (base64 === undefined || blobType(base64) !== type) continue;
    keys.push({ type, comment: parts.slice(at + 2).join(' ') });
  }
  return keys;
}

/** Whether sshd, with its pubkeyacceptedalgorithms, accepts a key of this type. */
export function keyTypeAccepted(type: string, accepted: readonly string[]): boolean {
  if (type === 'ssh-rsa') return accepted.some((a) => a === 'rsa-sha2-256' || a === 'rsa-sha2-512' || a === 'ssh-rsa');
  return accepted.includes(type);
}
