import { fingerprintOf } from './known-hosts.js';
import { verifySshSignature } from './ssh-signature.js';
import { readStringList, WireReader, wireString } from './ssh-wire.js';

/**
 * OpenSSH host certificates (PROTOCOL.certkeys), checked as ssh checks them (sshkey_cert_check_host):
 * a host certificate, signed by a CA trusted for the host, valid now, naming the host among its
 * principals (a certificate with no principals is valid for any host, as in OpenSSH), no critical
 * options — and certifying exactly the key the server proved it holds in the key exchange.
 */

const CERT_SUFFIX = '-cert-v01@openssh.com';
/** How many key fields follow the nonce, per certified key type (sk- keys are not read). */
const KEY_FIELDS: Record<string, number> = {
  'ssh-ed25519': 1,
  'ssh-rsa': 2,
  'ecdsa-sha2-nistp256': 2,
  'ecdsa-sha2-nistp384': 2,
  'ecdsa-sha2-nistp521': 2,
};
const HOST_CERTIFICATE = 2;

export interface HostCertificate {
  /** The plain public key blob it certifies, as a server presents it without the certificate. */
  readonly certifiedKey: Buffer;
  readonly type: number;
  readonly keyId: string;
  readonly principals: readonly string[];
  readonly validAfter: bigint;
  readonly validBefore: bigint;
  readonly criticalOptions: Buffer;
  readonly signatureKey: Buffer;
  readonly signature: Buffer;
  readonly signedData: Buffer;
}

export function parseCertificate(blob: Buffer): HostCertificate {
  const reader = new WireReader(blob);
  const certType = reader.text();
  const keyType = certType.endsWith(CERT_SUFFIX) ? certType.slice(0, -CERT_SUFFIX.length) : '';
  const keyFields = KEY_FIELDS[keyType];
  if (keyFields === undefined) throw new RangeError(`${certType} is not a certificate type golive reads`);
  reader.string(); // nonce
  const keyStart = reader.offset;
  for (let field = 0; field < keyFields; field += 1) reader.string();
  const certifiedKey = Buffer.concat([wireString(keyType), reader.since(keyStart)]);
  reader.uint64(); // serial
  const type = reader.uint32();
  const keyId = reader.text();
  const principals = readStringList(reader.string());
  const validAfter = reader.uint64();
  const validBefore = reader.uint64();
  const criticalOptions = reader.string();
  reader.string(); // extensions
  reader.string(); // reserved
  const signatureKey = reader.string();
  const signedData = reader.since(0);
  const signature = reader.string();
  if (!reader.done) throw new RangeError('trailing bytes after the signature');
  return { certifiedKey, type, keyId, principals, validAfter, validBefore, criticalOptions, signatureKey, signature, signedData };
}

export interface CertificateQuestion {
  /** The key the server signed the key exchange with (what ssh2 was shown). */
  readonly presentedKey: Buffer;
  /** The host name as OpenSSH compares it with principals: lower case, without the port. */
  readonly hostName: string;
  /** CA keys from the @cert-authority lines that match the host and are not @revoked. */
  readonly authorities: readonly Buffer[];
  readonly now: Date;
}

export type CertificateCheck =
  | { readonly ok: true; readonly keyId: string }
  | { readonly ok: false; readonly reason: string; readonly forPresentedKey: boolean };

export function checkHostCertificate(blob: Buffer, question: CertificateQuestion): CertificateCheck {
  let cert: HostCertificate;
  try {
    cert = parseCertificate(blob);
  } catch (error) {
    return { ok: false, reason: `its certificate cannot be read: ${error instanceof Error ? error.message : String(error)}`, forPresentedKey: false };
  }
  if (!cert.certifiedKey.equals(question.presentedKey)) {
    return { ok: false, reason: `its certificate is for another key (${fingerprintOf(cert.certifiedKey)})`, forPresentedKey: false };
  }
  const reason = invalidity(cert, question);
  return reason === undefined ? { ok: true, keyId: cert.keyId } : { ok: false, reason, forPresentedKey: true };
}

function invalidity(cert: HostCertificate, question: CertificateQuestion): string | undefined {
  if (cert.type !== HOST_CERTIFICATE) return 'its certificate is not a host certificate';
  if (!question.authorities.some((ca) => ca.equals(cert.signatureKey))) {
    return `its certificate is signed by CA ${fingerprintOf(cert.signatureKey)}, which no @cert-authority line trusts for this host`;
  }
  const signature = verifySshSignature(cert.signatureKey, cert.signature, cert.signedData);
  if (!signature.ok) return `its certificate's signature is not valid: ${signature.reason}`;
  const now = BigInt(Math.floor(question.now.getTime() / 1000));
  if (now < cert.validAfter) return `its certificate is not valid yet (from ${dateOf(cert.validAfter)})`;
  if (now >= cert.validBefore) return `its certificate expired (${dateOf(cert.validBefore)})`;
  if (cert.principals.length > 0 && !cert.principals.includes(question.hostName)) {
    return `its certificate names ${cert.principals.join(', ')}, not ${question.hostName}`;
  }
  if (cert.criticalOptions.length > 0) return 'its certificate has critical options, which host certificates may not have';
  return undefined;
}

/** The first certificate that vouches for the presented key, or why none does. */
export function checkHostCertificates(blobs: readonly Buffer[], question: CertificateQuestion): CertificateCheck {
  if (blobs.length === 0) return { ok: false, reason: 'the server offers no host certificate', forPresentedKey: false };
  const checks = blobs.map((blob) => checkHostCertificate(blob, question));
  return checks.find((check) => check.ok) ?? checks.find((check) => !check.ok && check.forPresentedKey) ?? checks[0]!;
}

function dateOf(seconds: bigint): string {
  const milliseconds = Number(seconds) * 1000;
  // Dates end in the year 275760; a certificate may say "valid after" any 64-bit time.
  return milliseconds <= 8.64e15 ? new Date(milliseconds).toISOString() : 'the far future';
}
