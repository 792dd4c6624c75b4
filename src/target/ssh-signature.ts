import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { WireReader } from './ssh-wire.js';

/**
 * Checks an SSH signature (a certificate authority's) with node:crypto. The algorithms are those
 * OpenSSH accepts for a CA's signature by default (CASignatureAlgorithms): ssh-rsa with SHA-1 is
 * not one of them.
 */

const ECDSA_CURVES: Record<string, { readonly jwk: string; readonly hash: string; readonly size: number }> = {
  'ecdsa-sha2-nistp256': { jwk: 'P-256', hash: 'sha256', size: 32 },
  'ecdsa-sha2-nistp384': { jwk: 'P-384', hash: 'sha384', size: 48 },
  'ecdsa-sha2-nistp521': { jwk: 'P-521', hash: 'sha512', size: 66 },
};

const RSA_HASHES: Record<string, string> = { 'rsa-sha2-256': 'sha256', 'rsa-sha2-512': 'sha512' };

export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export function verifySshSignature(publicKeyBlob: Buffer, signatureBlob: Buffer, data: Buffer): SignatureCheck {
  try {
    const key = new WireReader(publicKeyBlob);
    const keyType = key.text();
    const signature = new WireReader(signatureBlob);
    const algorithm = signature.text();
    const bytes = signature.string();
    if (keyType === 'ssh-ed25519' && algorithm === 'ssh-ed25519') {
      return result(verify(null, data, jwk({ kty: 'OKP', crv: 'Ed25519', x: base64url(key.string()) }), bytes));
    }
    if (keyType === 'ssh-rsa' && RSA_HASHES[algorithm]) {
      const e = key.string();
      const n = key.string();
      return result(verify(RSA_HASHES[algorithm], data, jwk({ kty: 'RSA', e: base64url(unsigned(e)), n: base64url(unsigned(n)) }), bytes));
    }
    const curve = ECDSA_CURVES[keyType];
    if (curve && algorithm === keyType) {
      key.string(); // the curve's name, implied by the key type
      const point = key.string();
      const coordinates = { x: base64url(point.subarray(1, 1 + curve.size)), y: base64url(point.subarray(1 + curve.size)) };
      const publicKey = jwk({ kty: 'EC', crv: curve.jwk, ...coordinates });
      return result(verify(curve.hash, data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, ecdsaSignature(bytes, curve.size)));
    }
    return { ok: false, reason: `a ${keyType} key signing with ${algorithm} is not an algorithm golive accepts for a certificate authority` };
  } catch (error) {
    return { ok: false, reason: `the signature cannot be read (${error instanceof Error ? error.message : String(error)})` };
  }
}

function result(valid: boolean): SignatureCheck {
  return valid ? { ok: true } : { ok: false, reason: 'the signature does not verify' };
}

function jwk(key: Record<string, string>): KeyObject {
  return createPublicKey({ key, format: 'jwk' });
}

function base64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

/** An mpint without the zero byte that keeps a positive number's top bit clear. */
function unsigned(mpint: Buffer): Buffer {
  let start = 0;
  while (start < mpint.length - 1 && mpint[start] === 0) start += 1;
  return mpint.subarray(start);
}

/** SSH's ECDSA signature (mpint r, mpint s) as the fixed-width r || s that node:crypto reads. */
function ecdsaSignature(bytes: Buffer, size: number): Buffer {
  const reader = new WireReader(bytes);
  const [r, s] = [unsigned(reader.string()), unsigned(reader.string())];
  if (r.length > size || s.length > size) throw new RangeError('ECDSA signature too long for its curve');
  return Buffer.concat([Buffer.alloc(size - r.length), r, Buffer.alloc(size - s.length), s]);
}
