import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CrowdsecFacts, crowdsecStep } from '../../steps/crowdsec.js';
import { configuredApiPort, withLocalSettings } from '../../src/crowdsec/config-local.js';
import { hubBranch, parseState } from '../../src/crowdsec/state.js';
import type { Change, StepContext } from '../../src/engine/types.js';
import { optInLeftOut } from '../../src/engine/session.js';
import { NotConfiguredError } from '../../src/errors.js';

const context: StepContext = { loginUser: 'deploy', targetKind: 'ssh', connectionPort: 22, sessionUser: 'deploy', adminAddress: '198.51.100.4' };

/** A stock Debian 12 server without CrowdSec, without internet. */
const fresh: CrowdsecFacts = {
  missing: ['crowdsec', 'crowdsec-firewall-bouncer', 'ipset'],
  configLocal: null,
  whitelistFile: null,
  acquisFile: null,
  state: parseState('version=1.4.6-6~deb12u1+b1\nregistration=absent\n'),
  units: { agent: { active: 'inactive', enabled: 'not-found' }, bouncer: { active: 'inactive', enabled: 'not-found' } },
  listeners: [{ address: '0.0.0.0', port: 22 }],
  sshPorts: [22],
};

const describeChange = (c: Change) => (c.kind === 'file' ? `${c.groundwork ? 'groundwork ' : ''}write ${c.path}` : `${c.groundwork ? 'groundwork ' : ''}${c.display ?? c.argv.join(' ')}`);

function planFor(facts: CrowdsecFacts, raw: unknown = {}) {
  const answers = crowdsecStep.resolveAnswers(crowdsecStep.parseAnswers(raw, 'crowdsec'), facts, context);
  return { answers, plan: crowdsecStep.plan(facts, answers, context) };
}

describe('crowdsec plan', () => {
  it('writes the whitelist and the offline settings before the install, so the agent starts with them', () => {
    const { plan } = planFor(fresh, { whitelist: ['203.0.113.0/24'] });
    const steps = plan.changes.map(describeChange);
    assert.deepEqual(steps.slice(0, 5), [
      'groundwork install -d -m 0755 /etc/crowdsec /etc/crowdsec/parsers/s02-enrich',
      'groundwork write /etc/crowdsec/online_api_credentials.yaml',
      'groundwork write /etc/crowdsec/config.yaml.local',
      'groundwork write /etc/crowdsec/parsers/s02-enrich/golive-whitelist.yaml',
      'groundwork apt-get update && apt-get install -y crowdsec crowdsec-firewall-bouncer  (waits while apt is busy; packages stay on rollback)',
    ]);
    const whitelist = plan.changes.find((c) => c.kind === 'file' && c.path.endsWith('golive-whitelist.yaml'));
    assert.match(whitelist?.kind === 'file' ? whitelist.after.content : '', /ip: \["198\.51\.100\.4"\]\n {2}cidr: \["203\.0\.113\.0\/24"\]/);
    assert.deepEqual(plan.loginCheck, { user: 'deploy', port: 22 });
    assert.ok(plan.notes.some((n) => /no Central API \(the server has no route out\)/.test(n)));
  });

  it('with a route out: registers to the Central API at install, and leaves the hub branch to cscli', () => {
    const { answers, plan } = planFor({ ...fresh, state: { ...fresh.state, routeOut: true } });
    assert.equal(answers.centralApi, true);
    assert.ok(!plan.changes.some((c) => c.kind === 'file' && c.path.endsWith('online_api_credentials.yaml')));
    const config = plan.changes.find((c) => c.kind === 'file' && c.path.endsWith('config.yaml.local'));
    assert.doesNotMatch(config?.kind === 'file' ? config.after.content : '', /hub_branch/);
    assert.ok(plan.notes.some((n) => /registers to CrowdSec's Central API/.test(n)));
    assert.throws(() => planFor({ ...fresh, state: { ...fresh.state, version: '' } }), /apt knows no crowdsec package/);
  });

  it('moves the local API off a taken 8080, and the bouncer with it', () => {
    const { answers, plan } = planFor({ ...fresh, listeners: [...fresh.listeners, { address: '127.0.0.1', port: 8080 }] });
    assert.equal(answers.apiPort, 8081);
    const config = plan.changes.find((c) => c.kind === 'file' && c.path.endsWith('config.yaml.local'));
    assert.match(config?.kind === 'file' ? config.after.content : '', /listen_uri: 127\.0\.0\.1:8081/);
    assert.ok(plan.changes.some((c) => c.kind === 'command' && c.argv.includes('api_url') && c.argv.includes('http://127.0.0.1:8081/')));
    assert.throws(() => planFor({ ...fresh, listeners: [{ address: '127.0.0.1', port: 9000 }] }, { apiPort: 9000 }), /crowdsec\.apiPort: 9000 is taken/);
  });

  it('plans nothing once CrowdSec runs as golive set it up', () => {
    const { plan: first } = planFor(fresh);
    const written = (path: string) => {
      const change = first.changes.find((c) => c.kind === 'file' && c.path === path);
      return change?.kind === 'file' ? change.after : null;
    };
    const installed: CrowdsecFacts = {
      ...fresh,
      missing: ['ipset'],
      configLocal: written('/etc/crowdsec/config.yaml.local'),
      whitelistFile: written('/etc/crowdsec/parsers/s02-enrich/golive-whitelist.yaml'),
      state: parseState('version=1.4.6-6~deb12u1+b1\nregistration=declined\nstockWhitelist=yes\nlapiUrl=http://127.0.0.1:8080\nbouncer_mode=nftables\nbouncer_api_url=http://127.0.0.1:8080/\nsshdJournal=yes\n'),
      units: { agent: { active: 'active', enabled: 'enabled' }, bouncer: { active: 'active', enabled: 'enabled' } },
      listeners: [...fresh.listeners, { address: '127.0.0.1', port: 8080 }],
    };
    const { plan } = planFor(installed);
    assert.deepEqual(plan.changes, []);
    const { plan: stopped } = planFor({ ...installed, units: { ...installed.units, agent: { active: 'failed', enabled: 'enabled' } }, listeners: fresh.listeners });
    assert.deepEqual(stopped.changes.map(describeChange), ['systemctl restart crowdsec']);
    const { plan: strict } = planFor(installed, { trustPrivateRanges: false });
    assert.deepEqual(strict.changes.map(describeChange), ['rm -f /etc/crowdsec/parsers/s02-enrich/whitelists.yaml']);
    assert.deepEqual(strict.undo?.[0], ['ln', '-sfn', '/var/lib/crowdsec/hub/parsers/s02-enrich/crowdsecurity/whitelists.yaml', '/etc/crowdsec/parsers/s02-enrich/whitelists.yaml']);
  });

  it('puts the services back as they were on rollback: stopped and disabled when CrowdSec was not there', () => {
    const { plan } = planFor(fresh);
    assert.deepEqual(plan.undo?.slice(0, 4), [
      ['systemctl', 'disable', '--quiet', 'crowdsec-firewall-bouncer'],
      ['systemctl', 'disable', '--quiet', 'crowdsec'],
      ['systemctl', 'stop', 'crowdsec-firewall-bouncer'],
      ['systemctl', 'stop', 'crowdsec'],
    ]);
  });

  it('refuses the Central API on a server without a route out, and validates every answer', () => {
    assert.throws(() => planFor(fresh, { centralApi: true }), /no route out/);
    assert.throws(() => crowdsecStep.parseAnswers({ whitelist: ['10.0.0.1; reboot'] }, 'crowdsec'), /crowdsec\.whitelist\[0\]: "10\.0\.0\.1; reboot" is not an IP address or CIDR range/);
    for (const bad of ['10.0.0.0/33', 'example.com', '::1/129', '1.2.3.4/8/1', '']) assert.throws(() => crowdsecStep.parseAnswers({ whitelist: [bad] }, 'crowdsec'), /is not an IP address or CIDR range/);
    assert.throws(() => crowdsecStep.parseAnswers({ whitelist: '10.0.0.1' }, 'crowdsec'), /is not a list of addresses/);
    assert.throws(() => crowdsecStep.parseAnswers({ apiPort: 70000 }, 'crowdsec'), /crowdsec\.apiPort: 70000 is not a port/);
    assert.throws(() => crowdsecStep.parseAnswers({ trustPrivateRanges: 'no' }, 'crowdsec'), /is not true or false/);
    assert.throws(() => crowdsecStep.parseAnswers({ whitelists: [] }, 'crowdsec'), /unknown key crowdsec\.whitelists/);
    assert.deepEqual(crowdsecStep.parseAnswers({ whitelist: ['2001:db8::/32', '192.0.2.1'], apiPort: '8090' }, 'crowdsec'), { whitelist: ['2001:db8::/32', '192.0.2.1'], apiPort: 8090 });
  });
});

describe('crowdsec settings', () => {
  it('edits config.yaml.local in place: comments and other keys stay', () => {
    const admin = '# mine\ndb_config:\n  use_wal: false # NFS\nprometheus:\n  enabled: false\n';
    const edited = withLocalSettings(admin, { hubBranch: 'v1.4.6', apiPort: 8081 });
    assert.equal(edited, `${admin}cscli:\n  hub_branch: v1.4.6\napi:\n  server:\n    listen_uri: 127.0.0.1:8081\n`);
    assert.equal(configuredApiPort(edited), 8081);
    assert.equal(withLocalSettings(edited, { hubBranch: 'v1.4.6', apiPort: 8081 }), edited, 'a second edit changes nothing');
    assert.doesNotMatch(withLocalSettings(undefined, { hubBranch: 'v1.4.6', apiPort: 8080 }), /listen_uri/);
    assert.throws(() => withLocalSettings('- a list', { hubBranch: 'v1.4.6', apiPort: 8080 }), /not a YAML mapping/);
  });

  it('reads the hub branch from the version, and the state lines', () => {
    assert.equal(hubBranch('1.4.6-6~deb12u1+b1'), 'v1.4.6');
    assert.equal(hubBranch(''), undefined);
    const state = parseState('version=1.4.6\nregistration=registered\nbouncer_mode=\nsshdCollection=no\nsshdLinesRead=12\n');
    assert.equal(state.bouncerMode, undefined);
    assert.equal(state.sshdCollection, false);
    assert.equal(state.sshdLinesRead, 12);
  });
});

describe('opt-in steps', () => {
  it('leave a run of every step without their section, and run when named or configured', () => {
    const refusal = optInLeftOut(crowdsecStep, undefined, true);
    assert.ok(refusal instanceof NotConfiguredError);
    assert.match(refusal.message, /crowdsec is opt-in/);
    assert.equal(optInLeftOut(crowdsecStep, undefined, false), undefined, 'named with --only');
    assert.equal(optInLeftOut(crowdsecStep, {}, true), undefined, 'crowdsec: {} in golive.yml');
  });
});
