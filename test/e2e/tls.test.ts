import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { writeAnswers } from '../helpers/six-steps.js';
import { e2eUnavailable, GoliveRunner, TestServer } from '../helpers/test-server.js';

const skip = e2eUnavailable();

const ANSWERS = `tls:
  domains: [app.example.com, www.example.com]
  upstream: 127.0.0.1:8080
  certificates: internal
`;

/** An admin's Caddyfile: a global block, comments, another site before and after where golive's goes. */
const ADMIN_CADDYFILE = `# Caddyfile kept by hand: golive must keep every byte of it
{
	# no ACME in tests
	local_certs
}

# the status page
status.example.net {
	tls internal
	respond "status ok"
}

:8081 {
	respond "metrics"
}
`;

/** The tiny app Caddy proxies to: Python's file server on 127.0.0.1:8080, as a transient unit. */
const START_APP = 'mkdir -p /srv/www && echo app-page >/srv/www/index.html && systemd-run --unit=golive-test-app -p WorkingDirectory=/srv/www python3 -m http.server 8080 --bind 127.0.0.1 >/dev/null 2>&1';

/** GET / over TLS on the server itself, SNI and Host `name`: the status line and headers. */
const httpsHead = (server: TestServer, name: string) =>
  server.exec(['sh', '-c', `printf 'GET / HTTP/1.1\\r\\nHost: %s\\r\\nConnection: close\\r\\n\\r\\n' "$1" | timeout 10 openssl s_client -quiet -connect 127.0.0.1:443 -servername "$1" 2>/dev/null | tr -d '\\r' | sed '/^$/q'`, 'sh', name]);

/** Whether a handshake offering only this version completes (old versions at SECLEVEL=0, so a refusal is Caddy's). */
async function handshakes(server: TestServer, name: string, version: 'tls1_1' | 'tls1_2'): Promise<boolean> {
  const level = version === 'tls1_1' ? ['-cipher', 'DEFAULT:@SECLEVEL=0'] : [];
  const run = await server.exec(['sh', '-c', 'timeout 5 openssl s_client -connect 127.0.0.1:443 -servername "$@" </dev/null 2>&1', 'sh', name, `-${version}`, ...level]);
  return /^New, TLSv/m.test(run.stdout);
}

/** Plain HTTP on port 80 with bash's /dev/tcp (no curl on a stock Debian 12). */
const httpHead = (server: TestServer, name: string) =>
  server.sh(`timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/80; printf "GET /page?x=1 HTTP/1.1\\r\\nHost: ${name}\\r\\nConnection: close\\r\\n\\r\\n" >&3; cat <&3' | tr -d '\\r' | sed '/^$/q'`);

const service = async (server: TestServer) => (await server.exec(['systemctl', 'show', '-p', 'ActiveState,UnitFileState', 'caddy.service'])).stdout.trim();

async function tlsAudit(golive: GoliveRunner): Promise<Record<string, { status: string; evidence: string; fix: string }>> {
  const run = await golive.run(golive.args('deploy', ['audit', '--json']));
  assert.ok(run.exitCode === 0 || run.exitCode === 2, run.stderr + run.stdout);
  const items = (JSON.parse(run.stdout) as { items: { id: string; status: string; evidence: string; fix: string }[] }).items;
  return Object.fromEntries(items.filter((item) => item.id.startsWith('tls.')).map((item) => [item.id, item]));
}

describe('tls step on a server whose Caddyfile an admin wrote', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;
  let pristine: string;
  let serviceBefore: string;

  before(async () => {
    server = await TestServer.boot('e2e-tls', 90, { aptProxy: true });
    golive = new GoliveRunner(server);
    await server.sh('systemctl stop apt-daily.service apt-daily-upgrade.service 2>/dev/null; apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=120 caddy >/dev/null');
    await server.exec(['sh', '-c', 'cat >/etc/caddy/Caddyfile && systemctl restart caddy'], ADMIN_CADDYFILE);
    await server.sh(START_APP);
    pristine = await server.snapshot('/etc/caddy');
    serviceBefore = await service(server);
    writeAnswers(golive, ANSWERS);
    await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
  });
  after(() => server?.destroy());

  it('plans the site block after the other sites, as a diff', async () => {
    const run = await golive.run(golive.args('deploy', ['plan', '--only', 'tls']));
    assert.equal(run.exitCode, 2, run.stderr + run.stdout);
    assert.match(run.stdout, /\n \}\n\+\n\+# BEGIN golive tls\n(\+#.*\n)*\+app\.example\.com, www\.example\.com \{\n\+\t#.*\n\+\ttls internal \{\n\+\t\tprotocols tls1\.2 tls1\.3/);
    assert.match(run.stdout, /\+\treverse_proxy 127\.0\.0\.1:8080\n\+\}\n\+# END golive tls/);
    assert.match(run.stdout, /check before reload: runuser -u caddy -- caddy validate --adapter caddyfile --config \/etc\/caddy\/Caddyfile/);
    assert.match(run.stdout, /reload: systemctl reload caddy/);
  });

  it('applies with internal certificates: HTTPS with the headers, TLS 1.1 refused, 1.2 accepted, HTTP redirects', async () => {
    const run = await golive.run(golive.args('deploy', ['apply', '--only', 'tls', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    for (const name of ['app.example.com', 'www.example.com']) {
      const head = (await httpsHead(server, name)).stdout;
      assert.match(head, /^HTTP\/1\.1 200 OK$/m, head);
      assert.match(head, /^Strict-Transport-Security: max-age=31536000; includeSubDomains$/m);
      assert.match(head, /^X-Content-Type-Options: nosniff$/m);
      assert.match(head, /^Referrer-Policy: strict-origin-when-cross-origin$/m);
      assert.match(head, /^X-Frame-Options: DENY$/m);
      assert.match(head, /^Content-Security-Policy: frame-ancestors 'none'$/m);
      assert.doesNotMatch(head, /^Server:/im, 'the Server header is removed');
      assert.equal(await handshakes(server, name, 'tls1_1'), false, `TLS 1.1 accepted for ${name}`);
      assert.equal(await handshakes(server, name, 'tls1_2'), true, `TLS 1.2 refused for ${name}`);
      const redirect = await httpHead(server, name);
      assert.match(redirect, /^HTTP\/1\.1 308 Permanent Redirect$/m);
      assert.match(redirect, new RegExp(`^Location: https://${name.replace(/\./g, '\\.')}/page\\?x=1$`, 'm'));
    }
    const body = await server.sh("printf 'GET / HTTP/1.1\\r\\nHost: app.example.com\\r\\nConnection: close\\r\\n\\r\\n' | timeout 10 openssl s_client -quiet -connect 127.0.0.1:443 -servername app.example.com 2>/dev/null");
    assert.match(body, /app-page/, 'the app answers through Caddy');
  });

  it("keeps the admin's sites and comments, byte for byte, in their order", async () => {
    const now = (await server.exec(['base64', '-w0', '/etc/caddy/Caddyfile'])).stdout;
    const text = Buffer.from(now, 'base64').toString('utf8');
    assert.ok(text.startsWith(`${ADMIN_CADDYFILE}\n# BEGIN golive tls\n`), text);
    assert.ok(text.endsWith('\n# END golive tls\n'), text);
    assert.match((await httpsHead(server, 'status.example.net')).stdout, /^HTTP\/1\.1 200 OK$/m);
  });

  it('plans nothing afterwards', async () => {
    const run = await golive.run(golive.args('deploy', ['plan', '--only', 'tls']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /nothing to change/);
  });

  it('audit: tls.https, protocols, hsts and renewal pass with the first domain as SNI; the internal CA warns', async () => {
    const items = await tlsAudit(golive);
    assert.deepEqual(Object.fromEntries(Object.entries(items).map(([id, item]) => [id, item.status])), { 'tls.https': 'pass', 'tls.protocols': 'pass', 'tls.certificate': 'warn', 'tls.hsts': 'pass', 'tls.renewal': 'pass' });
    assert.match(items['tls.https']!.evidence, /-servername app\.example\.com: TLSv1\.3/);
    assert.match(items['tls.certificate']!.evidence, /Caddy Local Authority/);
  });

  it('rolls back: the Caddyfile byte for byte, Caddy as it was', async () => {
    const run = await golive.run(golive.args('deploy', ['rollback', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.equal(await server.snapshot('/etc/caddy'), pristine);
    assert.equal(await service(server), serviceBefore);
    assert.equal((await httpsHead(server, 'app.example.com')).stdout, '', 'app.example.com is no longer served');
  });
});

describe('tls step on a server without Caddy', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;

  before(async () => {
    server = await TestServer.boot('e2e-tls-fresh', 91, { aptProxy: true });
    golive = new GoliveRunner(server);
    await server.sh(`systemctl stop apt-daily.service apt-daily-upgrade.service 2>/dev/null; ${START_APP}`);
    writeAnswers(golive, ANSWERS.replace('[app.example.com, www.example.com]', 'app.example.com'));
    await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
  });
  after(() => server?.destroy());

  it("installs Caddy, writes the whole Caddyfile and keeps the package's own beside it", async () => {
    const plan = await golive.run(golive.args('deploy', ['plan', '--only', 'tls']));
    assert.match(plan.stdout, /apt-get install -y caddy/);
    const run = await golive.run(golive.args('deploy', ['apply', '--only', 'tls', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.match(await server.sh('head -n1 /etc/caddy/Caddyfile'), /^# BEGIN golive tls$/);
    assert.match(await server.sh('cat /etc/caddy/Caddyfile.dpkg-dist'), /^:80 \{/m);
    assert.match((await httpsHead(server, 'app.example.com')).stdout, /^Strict-Transport-Security: max-age=31536000; includeSubDomains$/m);
    assert.equal((await server.exec(['test', '-e', '/root/.local/share/caddy'])).exitCode, 1, 'validation left a CA in /root');
    assert.equal((await golive.run(golive.args('deploy', ['plan', '--only', 'tls']))).exitCode, 0);
  });

  it('rolls back: no Caddyfile, Caddy stopped and off at boot (the package stays)', async () => {
    const run = await golive.run(golive.args('deploy', ['rollback', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.equal((await server.exec(['test', '-e', '/etc/caddy/Caddyfile'])).exitCode, 1);
    assert.equal(await service(server), 'ActiveState=inactive\nUnitFileState=disabled');
  });
});
