import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { e2eUnavailable, GoliveRunner, TestServer } from '../helpers/test-server.js';

const skip = e2eUnavailable();

interface Item {
  readonly id: string;
  readonly status: string;
  readonly evidence: string;
}

/** A self-signed certificate that expired in 2020, made with `openssl ca` (req -x509 cannot backdate one). */
const EXPIRED_CERTIFICATE = `set -e
mkdir -p /root/old-tls && cd /root/old-tls
touch index.txt && echo 01 > serial
printf '[ca]\\ndefault_ca = d\\n[d]\\ndatabase = index.txt\\nserial = serial\\nnew_certs_dir = .\\ndefault_md = sha256\\npolicy = p\\n[p]\\ncommonName = supplied\\n' > ca.cnf
openssl req -new -newkey rsa:2048 -nodes -keyout key.pem -out req.csr -subj /CN=old.example 2>/dev/null
openssl ca -batch -notext -config ca.cnf -selfsign -keyfile key.pem -in req.csr -out cert.pem -startdate 20200101000000Z -enddate 20200201000000Z 2>/dev/null`;

/** Caddy on 443 with its own CA (no ACME, no internet), no admin endpoint, HSTS when asked. */
const caddyfile = (hsts: boolean) => `{
	admin off
	skip_install_trust
}
https://localhost {
	tls internal
${hsts ? '\theader Strict-Transport-Security "max-age=31536000"\n' : ''}\trespond "hello"
}
`;

/** Waits until a TLS handshake with the server's own 443 completes (Caddy makes its certificate after it starts). */
async function untilTlsAnswers(server: TestServer): Promise<void> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const result = await server.exec(['sh', '-c', 'timeout 5 openssl s_client -connect 127.0.0.1:443 -servername localhost </dev/null 2>/dev/null | grep -q "^New, TLS"']);
    if (result.exitCode === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('nothing answered TLS on 127.0.0.1:443 within 10 s');
}

describe('audit: TLS items on a real server', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;

  /** The TLS items of `golive audit --json`, by id, and its exit code. */
  const audit = async () => {
    const run = await golive.run(golive.args('deploy', ['audit', '--json']));
    assert.ok(run.exitCode === 0 || run.exitCode === 2, run.stderr + run.stdout);
    const items = (JSON.parse(run.stdout) as { items: Item[] }).items.filter((item) => item.id.startsWith('tls.'));
    return { exitCode: run.exitCode, items: Object.fromEntries(items.map((item) => [item.id, item])), statuses: Object.fromEntries(items.map((item) => [item.id, item.status])) };
  };

  before(async () => {
    server = await TestServer.boot('h-tls', 81, { aptProxy: true });
    golive = new GoliveRunner(server);
    await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
  });
  after(() => server?.destroy());

  it('a stock server (nothing on 443): tls.https fails, the rest cannot be judged', async () => {
    const { exitCode, items, statuses } = await audit();
    assert.deepEqual(statuses, { 'tls.https': 'fail', 'tls.protocols': 'unknown', 'tls.certificate': 'unknown', 'tls.hsts': 'unknown', 'tls.renewal': 'unknown' });
    assert.match(items['tls.https']!.evidence, /nothing listens on 127\.0\.0\.1:443/);
    assert.equal(exitCode, 2);
  });

  it('an old OpenSSL server with an expired certificate: TLS 1.0/1.1 accepted, expired, no HSTS, nothing renews', async () => {
    await server.sh(EXPIRED_CERTIFICATE);
    await server.exec(['systemd-run', '--unit=golive-test-old-tls', 'openssl', 's_server', '-accept', '443', '-cert', '/root/old-tls/cert.pem', '-key', '/root/old-tls/key.pem', '-www', '-cipher', 'DEFAULT:@SECLEVEL=0', '-no_tls1_3']);
    await untilTlsAnswers(server);
    const { items, statuses } = await audit();
    assert.deepEqual(statuses, { 'tls.https': 'pass', 'tls.protocols': 'fail', 'tls.certificate': 'fail', 'tls.hsts': 'fail', 'tls.renewal': 'warn' });
    assert.match(items['tls.protocols']!.evidence, /TLS 1\.0 and TLS 1\.1 accepted/);
    assert.match(items['tls.certificate']!.evidence, /CN = old\.example.*expired/);
    assert.match(items['tls.hsts']!.evidence, /no Strict-Transport-Security header/);
    await server.sh('systemctl stop golive-test-old-tls');
  });

  it('Caddy with its internal CA and HSTS: all pass, the certificate warns (internal CA)', async () => {
    await server.sh('systemctl stop apt-daily.service apt-daily-upgrade.service 2>/dev/null; apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=120 caddy >/dev/null');
    await server.exec(['sh', '-c', 'cat >/etc/caddy/Caddyfile && systemctl restart caddy'], caddyfile(true));
    await untilTlsAnswers(server);
    const { items, statuses } = await audit();
    assert.deepEqual(statuses, { 'tls.https': 'pass', 'tls.protocols': 'pass', 'tls.certificate': 'warn', 'tls.hsts': 'pass', 'tls.renewal': 'pass' });
    assert.match(items['tls.protocols']!.evidence, /TLS 1\.0 refused: tlsv1 alert protocol version; TLS 1\.1 refused/);
    assert.match(items['tls.certificate']!.evidence, /Caddy Local Authority/);
    assert.match(items['tls.hsts']!.evidence, /max-age=31536000/);
    assert.match(items['tls.renewal']!.evidence, /caddy\.service is active/);
    assert.doesNotMatch(await server.sh('journalctl -u caddy --no-pager'), /acme|letsencrypt|zerossl/i, 'Caddy tried a public CA');
  });

  it('Caddy without the HSTS header: tls.hsts fails', async () => {
    await server.exec(['sh', '-c', 'cat >/etc/caddy/Caddyfile && systemctl restart caddy'], caddyfile(false));
    await untilTlsAnswers(server);
    const { items, statuses } = await audit();
    assert.equal(statuses['tls.hsts'], 'fail');
    assert.match(items['tls.hsts']!.evidence, /HTTP\/1\.1 200 OK, no Strict-Transport-Security header/);
    assert.equal(statuses['tls.https'], 'pass');
  });
});
