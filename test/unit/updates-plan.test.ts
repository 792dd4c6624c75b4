import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAptConfig, updatesStep, type UpdatesFacts } from '../../steps/updates.js';

const stock: UpdatesFacts = {
  missingPackages: [],
  autoUpgrades: { content: 'APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n', owner: 'root', group: 'root', mode: 0o644 },
  dropIn: null,
  aptConfig: parseAptConfig('APT "";\nAPT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n'),
  timers: { 'apt-daily.timer': 'enabled', 'apt-daily-upgrade.timer': 'enabled' },
};
const answers = updatesStep.resolveAnswers({}, stock, { loginUser: 'root', targetKind: 'ssh', connectionPort: 22, sessionUser: 'root' });

describe('updates plan', () => {
  it('adds a drop-in after 50unattended-upgrades and never edits that conffile', () => {
    const plan = updatesStep.plan(stock, answers, { loginUser: 'root', targetKind: 'ssh', connectionPort: 22, sessionUser: 'root' });
    assert.deepEqual(plan.changes.map((c) => (c.kind === 'file' ? c.path : c.argv.join(' '))), ['/etc/apt/apt.conf.d/52golive-unattended-upgrades']);
    assert.ok(!plan.changes.some((c) => c.kind === 'file' && c.path.endsWith('50unattended-upgrades')));
    assert.deepEqual(plan.validations.map((v) => v.argv), [['apt-config', 'dump'], ['unattended-upgrade', '--dry-run']]);
  });

  it('installs missing packages and enables disabled timers', () => {
    const plan = updatesStep.plan({ ...stock, missingPackages: ['unattended-upgrades'], timers: { 'apt-daily.timer': 'disabled', 'apt-daily-upgrade.timer': 'enabled' } }, answers, { loginUser: 'root', targetKind: 'ssh', connectionPort: 22, sessionUser: 'root' });
    assert.match(plan.changes.map((c) => (c.kind === 'command' ? (c.display ?? c.argv.join(' ')) : c.path)).join('\n'), /apt-get install -y unattended-upgrades[\s\S]*systemctl enable --now apt-daily\.timer/);
    assert.deepEqual(plan.undo, [['systemctl', 'disable', '--now', 'apt-daily.timer']]);
  });

  it('validates the answers', () => {
    for (const bad of ['25:00', '3:00', '03:60', 'noon']) assert.throws(() => updatesStep.parseAnswers({ rebootTime: bad }, 'updates'), /updates\.rebootTime: .* is not a time/);
    assert.throws(() => updatesStep.parseAnswers({ automaticReboot: 'yes' }, 'updates'), /updates\.automaticReboot: "yes" is not true or false/);
    assert.deepEqual(updatesStep.parseAnswers({ automaticReboot: false, rebootTime: '23:59' }, 'updates'), { automaticReboot: false, rebootTime: '23:59' });
  });
});
