import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import type { StepPlan } from '../../src/engine/types.js';
import { ansiblePlaybook, ansibleRole, STAMPS } from '../../src/export/ansible.js';
import { writeExport } from '../../src/export/write.js';

const root = { mode: 0o644, owner: 'root', group: 'root' };
const SSH: StepPlan = {
  stepId: 'ssh',
  title: 'SSH',
  changes: [{ kind: 'file', path: '/etc/ssh/sshd_config.d/00-golive.conf', before: null, after: { ...root, content: 'PasswordAuthentication no\n' }, why: 'settings' }],
  validations: [{ argv: ['sshd', '-t'], what: 'sshd' }],
  reloads: [['systemctl', 'reload', 'ssh.service']],
  loginCheck: { user: 'deploy', port: 22 },
  notes: [],
};
const FIREWALL: StepPlan = {
  stepId: 'firewall',
  title: 'Firewall',
  changes: [{ kind: 'command', argv: ['ufw', 'allow', '22/tcp'], why: 'ssh' }, { kind: 'command', argv: ['ufw', '--force', 'enable'], why: 'on' }],
  validations: [],
  reloads: [],
  undo: [['ufw', 'disable']],
  notes: [],
};
const SECRETS: StepPlan = {
  stepId: 'secrets',
  title: 'Secrets',
  changes: [{ kind: 'file', path: '/srv/app/.env', before: null, after: { ...root, mode: 0o600, content: 'SECRET_KEY=abc\n' }, display: { before: '', after: 'SECRET_KEY=<masked>' }, why: 'secrets' }],
  validations: [],
  reloads: [],
  notes: [],
};

type Task = Record<string, unknown> & { block?: Task[]; rescue?: Task[] };

describe('golive export ansible', () => {
  const role = ansibleRole('web1', [SECRETS, SSH, FIREWALL]);
  const file = (path: string) => role.files.find((f) => f.path === path)?.content;
  const tasks = parse(file('roles/web1/tasks/main.yml')!) as Task[];

  it('writes each file with its bytes, owner and mode, validated before the reload, with a fresh login after', () => {
    assert.equal(file('roles/web1/files/etc/ssh/sshd_config.d/00-golive.conf'), 'PasswordAuthentication no\n');
    const ssh = tasks.find((t) => String(t.name).startsWith('ssh:'))!;
    const names = ssh.block!.map((t) => Object.keys(t).find((k) => k.startsWith('ansible.builtin.')));
    assert.deepEqual(names, ['ansible.builtin.copy', 'ansible.builtin.command', 'ansible.builtin.command', 'ansible.builtin.meta', 'ansible.builtin.set_fact', 'ansible.builtin.meta', 'ansible.builtin.wait_for_connection']);
    assert.match(String(ssh.block![2]!.name), /lockout check before reloading: deploy still gets in with a key on port 22/);
    assert.deepEqual(ssh.block![0]!['ansible.builtin.copy'], { src: 'etc/ssh/sshd_config.d/00-golive.conf', dest: '/etc/ssh/sshd_config.d/00-golive.conf', owner: 'root', group: 'root', mode: '0644', backup: true });
    assert.deepEqual(ssh.block![0]!.notify, ['ssh: systemctl reload ssh.service']);
    assert.deepEqual(parse(file('roles/web1/handlers/main.yml')!), [{ name: 'ssh: systemctl reload ssh.service', 'ansible.builtin.command': { argv: ['systemctl', 'reload', 'ssh.service'] }, environment: { LC_ALL: 'C' } }]);
    // A file it created is removed by the undo; the failure is told after it.
    assert.deepEqual(ssh.rescue![0]!['ansible.builtin.file'], { path: '/etc/ssh/sshd_config.d/00-golive.conf', state: 'absent' });
    assert.ok('ansible.builtin.fail' in ssh.rescue!.at(-1)!);
  });

  it('runs commands once (a stamp), undoes them with the plan\'s own undo, and leaves out a step that holds secrets', () => {
    const firewall = tasks.find((t) => String(t.name).startsWith('firewall:'))!;
    const commands = firewall.block!.filter((t) => 'ansible.builtin.command' in t).map((t) => t['ansible.builtin.command'] as { argv: string[]; creates: string });
    assert.deepEqual(commands.map((c) => c.argv), [['ufw', 'allow', '22/tcp'], ['ufw', '--force', 'enable']]);
    assert.ok(commands.every((c) => c.creates.startsWith(`${STAMPS}/firewall-0-`)));
    assert.ok(firewall.rescue!.some((t) => JSON.stringify(t['ansible.builtin.command']) === JSON.stringify({ argv: ['ufw', 'disable'] })));
    assert.ok(!role.files.some((f) => f.path.includes('.env')));
    assert.ok(!JSON.stringify(role.files).includes('SECRET_KEY=abc'));
    assert.deepEqual(role.notes, ['secrets: not exported, its plan holds secrets (run golive for it)']);
  });

  it('writes an inventory and a playbook of the hosts, and never a file outside the folder', () => {
    const [playbook, inventory] = ansiblePlaybook([{ host: 'web1', ssh: { address: '203.0.113.10', port: 2222, user: 'deploy' } }, { host: 'local' }]);
    assert.deepEqual(parse(playbook!.content)[0], { name: "golive's plan for web1", hosts: 'web1', become: true, gather_facts: false, roles: ['web1'] });
    assert.deepEqual(parse(inventory!.content).all.hosts.web1, { ansible_host: '203.0.113.10', ansible_port: 2222, ansible_user: 'deploy', ansible_python_interpreter: '/usr/bin/python3' });
    assert.equal(parse(inventory!.content).all.hosts.local.ansible_connection, 'local');
    assert.throws(() => writeExport('/tmp/golive-export-never', [{ path: '../escape', content: '' }]), /outside/);
  });
});
