import { ConnectionError } from '../errors.js';
import type { Interaction } from '../interaction.js';
import { checkHostCertificates } from './host-certificate.js';
import { certifiedKeyType, scanHostCertificates } from './keyscan.js';
import { fingerprintOf, type HostKeyVerdict, type KnownHosts, keyTypeOf, knownHostsName } from './known-hosts.js';
import type { SshEndpoint } from './ssh.js';

/**
 * Whether to trust the key a server shows, as ssh would: known_hosts entries, @revoked keys and CAs,
 * @cert-authority lines (with the certificate read out of band), and new keys only when accepted.
 */

export interface HostKeyPolicy {
  readonly knownHosts: KnownHosts;
  readonly acceptNew: boolean;
  readonly interaction: Interaction;
  /**
   * The key this server showed on the connection golive already trusts. A fresh login on another
   * port of the same server (sshd's new port) that shows the same key is the same sshd: its name
   * (`[host]:port`) is recorded, as the admin will connect there next.
   */
  readonly vouchedKey?: Buffer;
}

type CertifyVerdict = Extract<HostKeyVerdict, { status: 'certify' }>;

/** Host key algorithms ssh2 can verify, by the key type known_hosts records. */
const KEY_TYPE_ALGORITHMS: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

/** The host's certificates, read only when a CA may vouch for it, once per connection (again after a failure). */
export type CertificateSource = () => Promise<Buffer[]>;

export function certificateSource(endpoint: SshEndpoint): CertificateSource {
  let scan: Promise<Buffer[]> | undefined;
  return () =>
    (scan ??= scanHostCertificates(endpoint.host, endpoint.port).catch((error: unknown) => {
      scan = undefined; // a scan while sshd restarts fails; the host key check scans again once ssh2 got through
      throw error;
    }));
}

/**
 * Host key algorithms to ask the server for first, so the key it shows is one we can check: the types
 * on record, else those its certificates vouch for.
 */
export async function preferredHostKeyAlgorithms(endpoint: SshEndpoint, policy: HostKeyPolicy, certificates: CertificateSource): Promise<string[]> {
  return (await preferredKeyTypes(endpoint, policy, certificates)).flatMap((type) => KEY_TYPE_ALGORITHMS[type] ?? []);
}

async function preferredKeyTypes(endpoint: SshEndpoint, { knownHosts, vouchedKey }: HostKeyPolicy, certificates: CertificateSource): Promise<string[]> {
  const known = knownHosts.knownKeyTypes(endpoint.host, endpoint.port);
  if (known.length > 0) return known;
  if (vouchedKey) return [keyTypeOf(vouchedKey)];
  if (!knownHosts.hasAuthorities(endpoint.host, endpoint.port)) return [];
  try {
    return [...new Set((await certificates()).map(certifiedKeyType))];
  } catch {
    return []; // the host key check reports why the certificates could not be read
  }
}

/** Resolves when the key shown by the server may be trusted (recording it if it is new and accepted). */
export async function decideHostKey(endpoint: SshEndpoint, key: Buffer, policy: HostKeyPolicy, certificates: CertificateSource): Promise<void> {
  const verdict = policy.knownHosts.verify(endpoint.host, endpoint.port, key);
  const name = knownHostsName(endpoint.host, endpoint.port);
  switch (verdict.status) {
    case 'known':
      return;
    case 'revoked':
      throw new ConnectionError(`the host key of ${name} (${fingerprintOf(key)}) is marked @revoked in ${policy.knownHosts.file}`);
    case 'changed':
      throw changedKeyError(name, key, policy.knownHosts.file);
    case 'certify':
      return requireCertificate(endpoint, key, verdict, policy.knownHosts.file, await certificates());
    case 'unknown':
      return trustNewKey(endpoint, key, policy);
  }
}

function changedKeyError(name: string, key: Buffer, file: string, why = ''): ConnectionError {
  return new ConnectionError(
    `the host key of ${name} has CHANGED: it now offers ${keyTypeOf(key)} ${fingerprintOf(key)}, which does not match ${file}${why}`,
    'this can mean someone is intercepting the connection, or that the server was reinstalled. ' +
      `Check the new fingerprint with the server's owner; if it is right, remove the old entry with ssh-keygen -R '${name}' -f ${file}`,
  );
}

/** A host known through @cert-authority: its key counts only with a valid certificate, never as new. */
function requireCertificate(endpoint: SshEndpoint, key: Buffer, verdict: CertifyVerdict, file: string, certificates: Buffer[]): void {
  const name = knownHostsName(endpoint.host, endpoint.port);
  const check = checkHostCertificates(certificates, { presentedKey: key, hostName: endpoint.host.toLowerCase(), authorities: verdict.authorities, now: new Date() });
  if (check.ok) return;
  if (verdict.knownTypes.length > 0) throw changedKeyError(name, key, file, `, and no certificate vouches for it: ${check.reason}`);
  throw new ConnectionError(
    `the host key of ${name} (${keyTypeOf(key)} ${fingerprintOf(key)}) is not vouched for by the certificate authority that ${file} trusts for it: ${check.reason}`,
    'golive reads host certificates with ssh-keyscan -c. Check the server\'s HostCertificate and the @cert-authority line; ' +
      'golive will not trust such a host as new, even with --accept-new-host-key',
  );
}

async function trustNewKey(endpoint: SshEndpoint, key: Buffer, policy: HostKeyPolicy): Promise<void> {
  const name = knownHostsName(endpoint.host, endpoint.port);
  const fingerprint = fingerprintOf(key);
  const accepted =
    policy.vouchedKey?.equals(key) ||
    policy.acceptNew ||
    (policy.interaction.canAsk &&
      (await policy.interaction.confirm(`The host key of ${name} is not known.\n${keyTypeOf(key)} key fingerprint is ${fingerprint}.\nTrust it and record it in ${policy.knownHosts.file}?`)));
  if (!accepted) {
    throw new ConnectionError(
      `the host key of ${name} is not in ${policy.knownHosts.file} (${keyTypeOf(key)} ${fingerprint})`,
      policy.interaction.canAsk ? 'golive will not connect to a server you did not trust' : 'check the fingerprint, then pass --accept-new-host-key to record it',
    );
  }
  policy.knownHosts.record(endpoint.host, endpoint.port, key);
}
