import { execFile } from 'node:child_process';
import { ConnectionError } from '../errors.js';

/**
 * Host certificates, read with OpenSSH's ssh-keyscan -c: ssh2 cannot negotiate the
 * *-cert-v01@openssh.com host key algorithms, so the certificate cannot come through the SSH
 * connection itself. How it arrives does not matter: it is a CA's signed statement about a key, and
 * it is trusted only when it certifies the very key the server proved it holds on golive's own connection.
 */

const SCAN_SECONDS = 5;

export function scanHostCertificates(host: string, port: number): Promise<Buffer[]> {
  const argv = ['-c', '-T', String(SCAN_SECONDS), '-p', String(port), '--', host];
  return new Promise((resolve, reject) => {
    execFile('ssh-keyscan', argv, { timeout: (SCAN_SECONDS + 5) * 1000 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(new ConnectionError('ssh-keyscan is not installed, and golive reads host certificates with it', "install OpenSSH's client tools (Debian: openssh-client), or record the host's own key in known_hosts"));
      }
      const certificates = parseKeyscanCertificates(stdout);
      // ssh-keyscan exits 1 both when it reached no server and when the server has no certificate;
      // only in the second case did it print the server's banner (`# host:port SSH-2.0-...`).
      if (certificates.length > 0 || /^# \S+ SSH-/m.test(stderr)) return resolve(certificates);
      reject(new ConnectionError(`ssh-keyscan -c got no answer from ${host} port ${port}, so golive cannot read its host certificate`));
    });
  });
}

/**
 * Certificate blobs out of ssh-keyscan -c output: `TYPE BASE64` lines (OpenSSH 9.2 prints no host
 * field before a certificate, unlike before a plain key), and `#` comments.
 */
export function parseKeyscanCertificates(output: string): Buffer[] {
  const certificates: Buffer[] = [];
  for (const line of output.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const type = fields.findIndex((field) => field.endsWith('-cert-v01@openssh.com'));
    const base64 = fields[type + 1];
    if (!fields[0]?.startsWith('#') && type >= 0 && base64) certificates.push(Buffer.from(base64, 'base64'));
  }
  return certificates;
}

/** `ssh-ed25519-cert-v01@openssh.com` blob -> `ssh-ed25519`: the key type to ask the server for. */
export function certifiedKeyType(certificate: Buffer): string {
  const length = certificate.readUInt32BE(0);
  return certificate.subarray(4, 4 + length).toString('latin1').replace(/-cert-v01@openssh\.com$/, '');
}
