import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAptConfig, updatesStep, type UpdatesFacts } from '../../steps/updates.js';

const stock: UpdatesFacts = {
  missingPackages: [],
  autoUpgrades: { content: 'APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n', owner: 'root', group: 'root', mode: 0o644 },
  dropIn: null,
  aptConfig: parseAptConfig('APT "";\nAPT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n'),
  timers: { 'apt-daily.timer': 'enabled', 'apt-daily-upgrade.timer': 'enabled' },
  securitySource: { distribution: 'debian', codename: 'bookworm', present: true },
  securityList: null,
};
const answers = updatesStep.resolveAnswers({}, stock, { loginUser: 'root', targetKind: 'ssh', connectionPort: 22, sessionUser: 'root' });

describe('updates plan', () => {
  it('adds a drop-in after 50unattended-upgrades and never edits that conffile', () => {
    const plan = updatesStep.plan(stock, answers, { loginUser: 'root', targetKind: 'ssh', connectionPort: 22, sessionUser: 'root' });
    assert.deepEqual(plan.changes.map((c) => (c.kind === 'file' ? c.path : c.argv.join(' '))), ['/etc/apt/apt.conf.d/52golive-unattended-upgrades']);
    assert.ok(!plan.changes.some((c) => c.kind === 'file' && c.path.endsWith('50unattended-upgrades')));
    assert.deepEqual(plan.validations.map((v) => v.argv[0]), ['apt-config', 'sh']);
    assert.match(plan.validations[1]!.argv[2]!, /APT_CONFIG=\$c unattended-upgrade --dry-run/);
  });

  it('installs missing packages and enables disabled timers', () => {
    const plan = updatesStep.plan({ ...stock, missingPackages: ['unattended-upgrades'], timers: { 'apt-daily.timer': 'disabled', 'apt-daily-upgrade.timer': 'enabled' } }, answers, { loginUser: 'root', targetKind: 'ssh', connectionPort: 22, sessionUser: 'root' });
    assert.match(plan.changes.map((c) => (c.kind === 'command' ? (c.display ?? c.argv.join(' ')) : c.path)).join('\n'), /apt-get install -y unattended-upgrades[\s\S]*systemctl enable --now apt-daily\.timer/);
    assert.deepEqual(plan.undo, [['systemctl', 'disable', '--now', 'apt-daily.timer']]);
  });

  it('leaves the slow unattended-upgrades check out when only a timer is turned back on', () => {
    const configured = { ...stock, dropIn: { content: updatesStep.plan(stock, answers, { loginUser: 'root', targetKind: 'ssh', connectionPort: 22, sessionUser: 'root' }).changes.flatMap((c) => (c.kind === 'file' ? [c.after.content] : []))[0]!, owner: 'root', group: 'root', mode: 0o644 } };
    const plan = updatesStep.plan({ ...configured, timers: { 'apt-daily.timer': 'disabled', 'apt-daily-upgrade.timer': 'enabled' } }, answers, { loginUser: 'root', targetKind: 'ssh', connectionPort: 22, sessionUser: 'root' });
    assert.deepEqual(plan.changes.map((c) => (c.kind === 'command' ? c.argv.join(' ') : c.path)), ['systemctl enable --now apt-daily.timer']);
    assert.deepEqual(plan.validations.map((v) => v.argv), [['apt-config', 'dump']]);
  });

  it('validates the answers', () => {
    for (const bad of ['25:00', '3:00', '03:60', 'noon']) assert.throws(() => updatesStep.parseAnswers({ rebootTime: bad }, 'updates'), /updates\.rebootTime: .* is not a time/);
    assert.throws(() => updatesStep.parseAnswers({ automaticReboot: 'yes' }, 'updates'), /updates\.automaticReboot: "yes" is not true or false/);
    assert.deepEqual(updatesStep.parseAnswers({ automaticReboot: false, rebootTime: '23:59' }, 'updates'), { automaticReboot: false, rebootTime: '23:59' });
  });

  it('adds Debian\'s security suite when apt\'s sources lack it, before the install, and checks apt can read it', () => {
    const bare = { ...stock, securitySource: { distribution: 'debian', codename: 'bookworm', present: false } };
    const plan = updatesStep.plan(bare, answers, { loginUser: 'root', targetKind: 'ssh', connectionPort: 22, sessionUser: 'root' });
    const list = plan.changes.find((c) => c.kind === 'file' && c.path === '/etc/apt/sources.list.d/golive-debian-security.list');
    assert.ok(list?.kind === 'file' && list.groundwork);
    assert.match(list.after.content, /^deb http:\/\/deb\.debian\.org\/debian-security bookworm-security main$/m);
    assert.deepEqual(plan.validations.at(-1)!.argv.slice(0, 3), ['apt-get', 'update', '-q']);
    assert.ok(plan.validations.at(-1)!.argv.includes('Dir::Etc::sourcelist=/etc/apt/sources.list.d/golive-debian-security.list'));
    assert.match(updatesStep.verify(bare, answers, { loginUser: 'root', targetKind: 'ssh', connectionPort: 22, sessionUser: 'root' }).find((c) => c.name === 'security updates source')!.detail, /no bookworm-security in apt's sources/);
    const ubuntu = { ...stock, securitySource: { distribution: 'ubuntu', codename: 'noble', present: false } };
    assert.ok(!updatesStep.plan(ubuntu, answers, { loginUser: 'root', targetKind: 'ssh', connectionPort: 22, sessionUser: 'root' }).changes.some((c) => c.kind === 'file' && c.path.includes('security')), 'only Debian: other distributions keep their own sources');
  });
});
