import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { e2eUnavailable, GoliveRunner, TestServer, testKey } from '../helpers/test-server.js';

const skip = e2eUnavailable();

interface Forwarder {
  readonly port: number;
  close(): void;
}

/**
 * A TCP forwarder on 127.0.0.1 to the server's sshd: the server is then reachable as "LocalHost",
 * a name whose case ssh folds (an IP address has none).
 */
function forwardTo(address: string, port: number): Promise<Forwarder> {
  const sockets = new Set<Socket>();
  const listener = createServer((client) => {
    const upstream = connect({ host: address, port });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve) =>
    listener.listen(0, '127.0.0.1', () => {
      const close = () => {
        listener.close();
        for (const socket of sockets) socket.destroy();
      };
      resolve({ port: (listener.address() as { port: number }).port, close });
    }),
  );
}

describe('host keys the way OpenSSH matches them: case, hashed entries, host certificates', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'golive-hostkeys-'));
  let server: TestServer;
  let golive: GoliveRunner;
  let forwarder: Forwarder;
  /** How ssh itself names the forwarded server in known_hosts: lower case, with the port. */
  let field: string;

  before(async () => {
    server = await TestServer.boot('e2e-hostkeys', 45);
    golive = new GoliveRunner(server);
    forwarder = await forwardTo(server.address, 22);
    field = `[localhost]:${forwarder.port}`;
  });
  after(async () => {
    forwarder?.close();
    await server?.destroy();
  });

  /** `type base64` of one of the server's host keys, generated at boot. */
  function serverKey(type: string): string {
    return readFileSync(join(server.root, 'etc', 'ssh', `ssh_host_${type}_key.pub`), 'utf8').split(' ').slice(0, 2).join(' ');
  }

  function newKey(name: string): string {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', join(dir, name)]);
    return readFileSync(join(dir, `${name}.pub`), 'utf8').split(' ').slice(0, 2).join(' ');
  }

  /** A known_hosts file as `ssh-keygen -H` leaves it: every host field hashed. */
  function hashedFile(name: string, lines: readonly string[]): string {
    const file = join(dir, name);
    writeFileSync(file, lines.map((line) => `${line}\n`).join(''));
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file], { stdio: 'ignore' });
    rmSync(`${file}.old`);
    assert.doesNotMatch(readFileSync(file, 'utf8'), /localhost/);
    return file;
  }

  /** The read-only connection: exit 2 means golive connected, trusted the host and planned. */
  function plan(knownHosts: string, extra: readonly string[] = []) {
    const host = `deploy@LocalHost:${forwarder.port}`;
    return golive.run(['plan', '--only', 'ssh', '--host', host, '--identity', testKey().privateKeyFile, '--known-hosts', knownHosts, ...extra]);
  }

  /** OpenSSH's own verdict on the same known_hosts, strict: 0 when it logs in. */
  async function openSsh(knownHosts: string): Promise<number> {
    const options = ['-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'GlobalKnownHostsFile=/dev/null'];
    const login = ['-o', 'IdentitiesOnly=yes', '-o', 'IdentityAgent=none', '-i', testKey().privateKeyFile, '-p', String(forwarder.port)];
    const result = await execa('ssh', [...options, ...login, 'deploy@LocalHost', 'true'], { reject: false });
    return result.exitCode ?? 255;
  }

  it('refuses a host written in mixed case as CHANGED when its hashed entry holds another key, even with --accept-new-host-key', async () => {
    const impostorCheck = hashedFile('impostor', [`${field} ${newKey('real-server')}`]);
    const before = readFileSync(impostorCheck, 'utf8');
    const run = await plan(impostorCheck, ['--accept-new-host-key']);
    assert.equal(run.exitCode, 1, run.stdout + run.stderr);
    assert.match(run.stderr, new RegExp(`host key of \\[localhost\\]:${forwarder.port} has CHANGED`));
    assert.match(run.stderr, new RegExp(`ssh-keygen -R '\\[localhost\\]:${forwarder.port}'`));
    assert.equal(readFileSync(impostorCheck, 'utf8'), before, 'nothing recorded');
    assert.notEqual(await openSsh(impostorCheck), 0, 'OpenSSH refuses too');

    const genuine = hashedFile('genuine', [`${field} ${serverKey('ed25519')}`]);
    const known = await plan(genuine);
    assert.equal(known.exitCode, 2, known.stderr);
    assert.equal(await openSsh(genuine), 0, 'OpenSSH finds the same entry');
  });

  it('records a new host into a file of hashed entries as a hashed entry that ssh-keygen -F finds', async () => {
    const file = hashedFile('recording', [`other.example ${newKey('other-host')}`]);
    const first = await plan(file, ['--accept-new-host-key']);
    assert.equal(first.exitCode, 2, first.stderr);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, /^\|1\|[A-Za-z0-9+/]{27}=\|[A-Za-z0-9+/]{27}= ssh-ed25519 /);
    assert.doesNotMatch(readFileSync(file, 'utf8'), /localhost/i);
    const found = execFileSync('ssh-keygen', ['-F', field, '-f', file]).toString();
    assert.match(found, /found: line 2/);
    assert.ok(found.includes(serverKey('ed25519')), found);
    const again = await plan(file);
    assert.equal(again.exitCode, 2, again.stderr);
    assert.equal(await openSsh(file), 0, 'OpenSSH trusts what golive recorded');
  });

  describe('host certificates, read with ssh-keyscan -c', () => {
    let caLine: string;

    /** Signs the server's ed25519 host key for `principals` and has sshd present the certificate. */
    async function installCertificate(principals: string): Promise<void> {
      const copy = join(dir, 'ssh_host_ed25519_key.pub');
      copyFileSync(join(server.root, 'etc', 'ssh', 'ssh_host_ed25519_key.pub'), copy);
      execFileSync('ssh-keygen', ['-q', '-s', join(dir, 'ca'), '-I', 'golive-e2e', '-h', '-n', principals, '-V', '-5m:+1h', copy]);
      copyFileSync(join(dir, 'ssh_host_ed25519_key-cert.pub'), join(server.root, 'etc', 'ssh', 'ssh_host_ed25519_key-cert.pub'));
      writeFileSync(join(server.root, 'etc', 'ssh', 'sshd_config.d', '50-host-certificate.conf'), 'HostCertificate /etc/ssh/ssh_host_ed25519_key-cert.pub\n');
      const restart = await server.exec(['systemctl', 'restart', 'ssh']);
      assert.equal(restart.exitCode, 0, restart.stderr);
      const scan = await execa('ssh-keyscan', ['-c', '-p', String(forwarder.port), 'localhost'], { reject: false });
      assert.match(String(scan.stdout), /ssh-ed25519-cert-v01@openssh\.com/, 'sshd presents the certificate');
    }

    function authorityFile(name: string, caKey: string): string {
      const file = join(dir, name);
      writeFileSync(file, `@cert-authority ${field} ${caKey}\n`);
      return file;
    }

    before(() => {
      caLine = newKey('ca');
    });

    it('refuses a host named by an @cert-authority line that presents no certificate, even with --accept-new-host-key', async () => {
      const file = authorityFile('no-certificate', caLine);
      const run = await plan(file, ['--accept-new-host-key']);
      assert.equal(run.exitCode, 1, run.stdout + run.stderr);
      assert.match(run.stderr, /not vouched for by the certificate authority .*: the server offers no host certificate/);
      assert.equal(readFileSync(file, 'utf8'), `@cert-authority ${field} ${caLine}\n`, 'nothing recorded');
    });

    it('connects with only the @cert-authority line for the host, and records nothing', async () => {
      await installCertificate('localhost');
      const file = authorityFile('ca-only', caLine);
      const run = await plan(file);
      assert.equal(run.exitCode, 2, run.stderr);
      assert.equal(readFileSync(file, 'utf8'), `@cert-authority ${field} ${caLine}\n`);
      assert.equal(await openSsh(file), 0, 'OpenSSH agrees');
    });

    it("refuses when the line holds another CA's key, even with --accept-new-host-key", async () => {
      const file = authorityFile('other-ca', newKey('other-ca'));
      const before = readFileSync(file, 'utf8');
      const run = await plan(file, ['--accept-new-host-key']);
      assert.equal(run.exitCode, 1, run.stdout + run.stderr);
      assert.match(run.stderr, /not vouched for by the certificate authority .* signed by CA SHA256:\S+, which no @cert-authority line trusts/s);
      assert.match(run.stderr, /will not trust such a host as new, even with --accept-new-host-key/);
      assert.equal(readFileSync(file, 'utf8'), before, 'nothing recorded');
      assert.notEqual(await openSsh(file), 0, 'OpenSSH refuses too');
    });

    it('refuses when the certificate names another host, even with --accept-new-host-key', async () => {
      await installCertificate('other.example');
      const file = authorityFile('wrong-principal', caLine);
      const run = await plan(file, ['--accept-new-host-key']);
      assert.equal(run.exitCode, 1, run.stdout + run.stderr);
      assert.match(run.stderr, /its certificate names other\.example, not localhost/);
      assert.equal(readFileSync(file, 'utf8'), `@cert-authority ${field} ${caLine}\n`, 'nothing recorded');
      assert.notEqual(await openSsh(file), 0, 'OpenSSH refuses too');
    });
  });
});
