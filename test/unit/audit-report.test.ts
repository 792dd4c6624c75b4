import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inChecklistOrder } from '../../src/audit/order.js';
import { renderReport } from '../../src/audit/report.js';
import { summarize } from '../../src/engine/audit-findings.js';
import type { AuditFinding } from '../../src/engine/types.js';

const findings: AuditFinding[] = [
  { id: 'intrusion.miners', title: 'No miner', status: 'fail', evidence: 'PID 42 kdevtmpfsi (/tmp/kdevtmpfsi)\nPID 43 xmrig', fix: 'stop it' },
  { id: 'ssh.hardened', title: 'SSH hardened', status: 'pass', evidence: 'sshd -T: passwordauthentication no | root no', fix: 'golive apply --only ssh' },
  { id: 'auth.provider', title: 'Authentication provider set', status: 'warn', evidence: 'no AUTH_PROVIDER', fix: 'set it' },
];

describe('the security configuration document', () => {
  it('lists the items in checklist order, a table row each with its pipes escaped, then each with its evidence and fix', () => {
    const ordered = inChecklistOrder(findings);
    assert.deepEqual(ordered.map((f) => f.id), ['auth.provider', 'ssh.hardened', 'intrusion.miners']);
    const text = renderReport({ host: 'deploy@203.0.113.7', date: new Date('2026-11-30T12:00:00Z'), findings: ordered, summary: summarize(ordered), runs: [], answers: { ssh: { allowUsers: ['deploy'] } } });
    assert.match(text, /^# Security configuration of deploy@203\.0\.113\.7\n\nChecked by golive on 2026-11-30 12:00:00 UTC, read-only\.\n1 pass, 1 fail, 1 warn, 0 unknown\./);
    assert.match(text, /^\| SSH hardened \(`ssh\.hardened`\) \| PASS \| sshd -T: passwordauthentication no \\\| root no \|$/m);
    assert.match(text, /^\| No miner \(`intrusion\.miners`\) \| FAIL \| PID 42 kdevtmpfsi \(\/tmp\/kdevtmpfsi\) \|$/m, 'the first line of the evidence in the table');
    assert.match(text, /### No miner — FAIL\n\n- id: `intrusion\.miners`\n- evidence: PID 42 kdevtmpfsi \(\/tmp\/kdevtmpfsi\)\n {2}PID 43 xmrig\n- fix: stop it/);
    assert.doesNotMatch(text, /### SSH hardened — PASS\n\n- id: `ssh\.hardened`\n- evidence: [^\n]*\n- fix/, 'no fix for a passing item');
    assert.match(text, /## Changes golive made on this server\n\nNone recorded\./);
    assert.match(text, /## Answers in force\n\n```yaml\nssh:\n {2}allowUsers:\n {4}- deploy\n```/);
  });
});
