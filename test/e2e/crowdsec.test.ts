import assert from 'node:assert/strict';
import { execa } from 'execa';
import { after, before, describe, it } from 'node:test';
import { writeAnswers } from '../helpers/six-steps.js';
import { e2eUnavailable, failPasswordLogin, GoliveRunner, tcpReachable, TestServer, tryLogin, testKey } from '../helpers/test-server.js';

const skip = e2eUnavailable();

const INDEX = 96;
const ADMIN = `10.77.${INDEX}.1`;
/** A second address of this host's end of the link: not whitelisted, so CrowdSec may ban it. */
const ATTACKER = `10.77.${INDEX}.3`;
const WHITELISTED = '203.0.113.7';

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, seconds: number): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not after ${seconds} s (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

describe('crowdsec step on a Debian 12 server without internet, ufw active, 127.0.0.1:8080 taken by an app', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;

  before(async () => {
    server = await TestServer.boot('e2e-crowdsec', INDEX, { aptProxy: true });
    golive = new GoliveRunner(server);
    await execa('ip', ['addr', 'add', `${ATTACKER}/24`, 'dev', `glv${INDEX}h`]);
    await server.exec(['systemd-run', '--unit=app', 'python3', '-m', 'http.server', '8080', '--bind', '127.0.0.1']);
    // ufw on, as the firewall step leaves it: the bouncer keeps its own nftables table beside ufw's rules.
    await server.sh('ufw allow 22/tcp >/dev/null && ufw --force enable >/dev/null');
    writeAnswers(golive, `crowdsec:\n  trustPrivateRanges: false\n  whitelist: [${WHITELISTED}]\n`);
    await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
  });
  after(async () => {
    await execa('ip', ['addr', 'del', `${ATTACKER}/24`, 'dev', `glv${INDEX}h`], { reject: false });
    await server?.destroy();
  });

  it('is left out of a run of every step until golive.yml asks for it', async () => {
    writeAnswers(golive, 'updates:\n  rebootTime: "04:30"\n');
    const run = await golive.run(golive.args('deploy', ['plan']));
    assert.match(run.stdout, /left out: crowdsec is opt-in/);
    writeAnswers(golive, `crowdsec:\n  trustPrivateRanges: false\n  whitelist: [${WHITELISTED}]\n`);
  });

  it('plans the install offline: no Central API, the whitelist first, the API moved off 8080', async () => {
    const run = await golive.run(golive.args('deploy', ['plan', '--only', 'crowdsec']));
    assert.equal(run.exitCode, 2, run.stderr + run.stdout);
    assert.match(run.stdout, /no Central API \(the server has no route out\)/);
    assert.match(run.stdout, new RegExp(`never banned: ${ADMIN.replaceAll('.', '\\.')} \\(where golive connects from\\), ${WHITELISTED}`));
    assert.match(run.stdout, /\+ {2}ip: \["10\.77\.96\.1","203\.0\.113\.7"\]/);
    assert.match(run.stdout, /\+ {4}listen_uri: 127\.0\.0\.1:8081/);
    assert.match(run.stdout, /the local API listens on 127\.0\.0\.1:8081 \(8080 is taken\)/);
    assert.ok(run.stdout.indexOf('golive-whitelist.yaml') < run.stdout.indexOf('apt-get install'), 'the whitelist is written before the install');
  });

  it('applies: agent and bouncer running, the sshd collection on, the API on 8081, the admin still logs in', async () => {
    const run = await golive.run(golive.args('deploy', ['apply', '--only', 'crowdsec', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    // The fresh login golive made after the restart is in sshd's journal: the agent read it.
    assert.match(run.stdout, /ok {3}acquisition reads sshd's journal: journalctl _SYSTEMD_UNIT=ssh\.service, [1-9]\d* lines read/);
    assert.match(run.stdout, /ok {3}a new SSH login as deploy on port 22/);
    assert.equal((await server.exec(['systemctl', 'is-active', 'crowdsec', 'crowdsec-firewall-bouncer'])).stdout, 'active\nactive');
    assert.match(await server.sh('cscli collections list -o raw'), /^crowdsecurity\/sshd,enabled/m);
    assert.match(await server.sh('cscli lapi status 2>&1'), /127\.0\.0\.1:8081/);
    assert.match(await server.sh('cat /etc/crowdsec/online_api_credentials.yaml'), /^# no thanks/);
    assert.equal((await server.exec(['test', '-e', '/etc/crowdsec/parsers/s02-enrich/whitelists.yaml'])).exitCode, 1, "CrowdSec's private-range whitelist is gone");
    assert.equal(await tryLogin(server, 'deploy', { key: testKey() }), 'ok');
  });

  it('plans nothing to change afterwards', async () => {
    const run = await golive.run(golive.args('deploy', ['plan', '--only', 'crowdsec']));
    assert.equal(run.exitCode, 0, run.stdout);
    assert.match(run.stdout, /nothing to change/);
  });

  it('bans an address that keeps failing to log in, never the admin, and lets it back when the decision goes', async () => {
    // fail2ban would ban the attacker too: stopped, the block seen is CrowdSec's alone.
    await server.exec(['systemctl', 'stop', 'fail2ban']);
    await Promise.all(Array.from({ length: 8 }, () => failPasswordLogin(server, 'nobody-here', ATTACKER)));
    await until('a decision against the attacker', () => server.sh('cscli decisions list -o raw'), (out) => out.includes(ATTACKER), 30);
    await until('the bouncer blocks the attacker', () => tcpReachable(server, 22, 2000, ATTACKER), (open) => !open, 30);
    assert.equal(await tcpReachable(server, 22, 2000, ADMIN), true, 'the admin still reaches sshd');
    assert.equal(await tryLogin(server, 'deploy', { key: testKey() }), 'ok');
    await server.sh(`cscli decisions delete --ip ${ATTACKER}`);
    await until('the attacker reaches sshd again', () => tcpReachable(server, 22, 2000, ATTACKER), (open) => open, 30);
  });

  it('rolls back: golive\'s files gone, the bouncer\'s override as the package wrote it, both services stopped and disabled', async () => {
    const run = await golive.run(golive.args('deploy', ['rollback', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    for (const path of ['/etc/crowdsec/parsers/s02-enrich/golive-whitelist.yaml', '/etc/crowdsec/config.yaml.local', '/etc/crowdsec/online_api_credentials.yaml']) {
      assert.equal((await server.exec(['test', '-e', path])).exitCode, 1, `${path} is gone`);
    }
    const override = await server.sh('cat /etc/crowdsec/bouncers/crowdsec-firewall-bouncer.yaml.local');
    assert.match(override, /^mode: nftables\napi_key: \S+$/);
    assert.equal((await server.exec(['systemctl', 'is-active', 'crowdsec', 'crowdsec-firewall-bouncer'])).stdout, 'inactive\ninactive');
    assert.equal((await server.exec(['systemctl', 'is-enabled', 'crowdsec'])).stdout.trim(), 'disabled');
    assert.doesNotMatch(await server.sh('nft list tables'), /crowdsec/);
  });
});
