import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCli } from '../../src/cli/args.js';
import { fleetExitCode } from '../../src/fleet/run.js';
import { parseInventory } from '../../src/fleet/inventory.js';
import { runPool } from '../../src/fleet/pool.js';
import { checkStepAnswers, readAnswersText } from '../../src/session/answers-file.js';
import { STEPS } from '../../steps/index.js';

const SHARED = readAnswersText('target:\n  user: deploy\nssh:\n  allowUsers: [deploy]\n  permitRootLogin: no\nfirewall:\n  allow: [22/tcp]\n', 'golive.yml');

const INVENTORY = `hosts:
  web1:
    target: {host: 203.0.113.10}
    ssh: {allowUsers: [deploy, ops]}
  db1:
    target: {host: 203.0.113.20, port: 2222, user: admin}
groups:
  web:
    hosts: [web1]
    firewall: {allow: [22/tcp, 80/tcp, 443/tcp]}
`;

describe('inventory', () => {
  it("gives each host golive.yml's answers, then its groups', then its own, key by key", () => {
    const [web1, db1] = parseInventory(INVENTORY, 'hosts.yml', SHARED).map((host) => ({ name: host.name, answers: checkStepAnswers(host.answers, STEPS) }));
    assert.equal(web1!.name, 'web1');
    assert.deepEqual(web1!.answers.target, { user: 'deploy', host: '203.0.113.10' });
    assert.deepEqual(web1!.answers.steps.ssh, { allowUsers: ['deploy', 'ops'], permitRootLogin: 'no' });
    assert.deepEqual(web1!.answers.steps.firewall, { allow: ['22/tcp', '80/tcp', '443/tcp'] });
    assert.deepEqual(db1!.answers.target, { user: 'admin', host: '203.0.113.20', port: 2222 });
    assert.deepEqual(db1!.answers.steps.firewall, { allow: ['22/tcp'] });
  });

  it('refuses unknown keys, bad names, missing addresses and groups of hosts it does not have, naming where', () => {
    const parse = (text: string) => parseInventory(text, 'hosts.yml', SHARED);
    assert.throws(() => parse('hots: {}\n'), /hosts\.yml: unknown key hots/);
    assert.throws(() => parse('hosts: {}\n'), /names no host/);
    assert.throws(() => parse('hosts:\n  web1:\n    target: {host: 10.0.0.1}\n    sssh: {}\n'), /hosts\.yml: unknown key hosts\.web1\.sssh/);
    assert.throws(() => parse('hosts:\n  web1:\n    target: {hots: 10.0.0.1}\n'), /unknown key hosts\.web1\.target\.hots/);
    assert.throws(() => parse('hosts:\n  web1:\n    target: {host: "10.0.0.1; rm -rf /"}\n'), /hosts\.web1\.target\.host/);
    assert.throws(() => parse('hosts:\n  web1:\n    ssh: {}\n'), /hosts\.web1\.target\.host: missing/);
    assert.throws(() => parse('hosts:\n  "-rf":\n    target: {host: 10.0.0.1}\n'), /"-rf" is not a host name/);
    assert.throws(() => parse('hosts:\n  web1:\n    target: {host: 10.0.0.1}\ngroups:\n  web: {hosts: [web2]}\n'), /groups\.web\.hosts: no host "web2"/);
    assert.throws(() => parse('hosts:\n  web1:\n    target: {host: 10.0.0.1}\ngroups:\n  web: {hosts: [web1], target: {host: 10.0.0.9}}\n'), /groups\.web\.target\.host/);
    assert.throws(() => parse('hosts:\n  web1: {target: {host: 10.0.0.1}}\n  web1: {target: {host: 10.0.0.2}}\n'), /unique/i);
  });

  it("checks each host's merged answers with the steps, naming the host", () => {
    const [web1] = parseInventory('hosts:\n  web1:\n    target: {host: 10.0.0.1}\n    ssh: {alowUsers: [x]}\n', 'hosts.yml', SHARED);
    assert.throws(() => checkStepAnswers(web1!.answers, STEPS), /hosts\.yml: host web1: unknown key ssh\.alowUsers/);
  });
});

describe('fleet runs', () => {
  it('runs at most N at once, results in order; a failed canary stops the rest', async () => {
    let running = 0;
    let most = 0;
    const work = async (n: number) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5 * (6 - n)));
      running -= 1;
      return n;
    };
    assert.deepEqual(await runPool([1, 2, 3, 4, 5], { parallel: 2, canary: false }, work, () => false, () => -1), [1, 2, 3, 4, 5]);
    assert.equal(most, 2);
    assert.deepEqual(await runPool([1, 2, 3], { parallel: 5, canary: true }, work, (n) => n === 1, () => -1), [1, -1, -1]);
    assert.deepEqual(await runPool([1, 2, 3], { parallel: 5, canary: true }, work, () => false, () => -1), [1, 2, 3]);
  });

  it('exits 1 when any host failed, else the highest of the others', () => {
    assert.equal(fleetExitCode([0, 0]), 0);
    assert.equal(fleetExitCode([0, 2]), 2);
    assert.equal(fleetExitCode([2, 1, 0]), 1);
    assert.equal(fleetExitCode([130, 0]), 1);
  });

  it('takes --inventory with the commands that go with it, and refuses what would be ambiguous', () => {
    const args = parseCli(['apply', '--inventory', 'hosts.yml', '--parallel', '3', '--canary', '--yes']);
    assert.deepEqual([args.inventory, args.parallel, args.canary], ['hosts.yml', 3, true]);
    assert.equal(parseCli(['plan', '--inventory', 'h.yml']).parallel, 5);
    assert.throws(() => parseCli(['apply', '--inventory', 'h.yml']), /needs --yes/);
    assert.throws(() => parseCli(['plan', '--inventory', 'h.yml', '--host', 'x']), /--host and --inventory/);
    assert.throws(() => parseCli(['plan', '--inventory', 'h.yml', '--canary']), /--canary goes with apply and the wizard/);
    assert.throws(() => parseCli(['plan', '--inventory', 'h.yml', '--parallel', '0']), /--parallel: "0"/);
    assert.throws(() => parseCli(['plan', '--inventory', 'h.yml', '--parallel', '2x']), /--parallel: "2x"/);
    assert.throws(() => parseCli(['plan', '--parallel', '2']), /go with --inventory/);
    assert.throws(() => parseCli(['rollback', '20261201-101010-abcd', '--inventory', 'h.yml', '--yes']), /latest run on each host/);
    assert.equal(parseCli(['--inventory', 'h.yml', '--canary']).inventory, 'h.yml');
    assert.throws(() => parseCli(['backup-now', '--inventory', 'h.yml']), /--inventory goes with/);
  });
});
