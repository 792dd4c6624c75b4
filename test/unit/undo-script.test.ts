import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execa } from 'execa';
import type { Manifest } from '../../src/engine/journal.js';
import { parseUndoReport } from '../../src/engine/rollback.js';
import { undoScript } from '../../src/engine/undo-script.js';

const empty: Manifest = {
  version: 1, runId: '20261130T100000Z-aaaaaa', startedAt: '2026-11-30T10:00:00.000Z', target: 't', loginUser: 'deploy', steps: ['ssh'],
  status: 'applying', files: [], commands: [], validations: [], reloads: [], undo: [], snapshots: [],
};
const full: Manifest = {
  ...empty,
  files: [
    { path: "/srv/a b/it's.env", backup: 'files/1', before: { uid: '1000', gid: '1000', mode: 0o600, owner: 'app', group: 'app', sha256: 'ab' }, afterSha256: 'cd' },
    { path: '/etc/new', backup: undefined, before: undefined, afterSha256: null },
  ],
  validations: [['sshd', '-t']],
  reloads: [['systemctl', 'reload', 'ssh']],
  undo: [['ufw', '--force', 'disable']],
  snapshots: [{ name: 'iptables', restore: ['iptables-restore'] }],
};

describe('the undo script', () => {
  it('is valid shell for any manifest, empty lists too (sh -n)', async () => {
    for (const manifest of [empty, full]) {
      const check = await execa('sh', ['-n'], { input: undoScript(manifest), reject: false });
      assert.equal(check.exitCode, 0, check.stderr);
    }
  });

  it("reads the script's report; no final line means it did not finish", () => {
    const stdout = ['file\tchanged-since\t/etc/a\tchanged since this run; left alone (use --force to restore it anyway)', 'file\trestored\t/etc/b\t', 'file\tremoved\t/etc/c\t', 'validation-failed\tsshd -t\tbad option', 'done\trollback-incomplete', ''].join('\n');
    assert.deepEqual(parseUndoReport('r', stdout), {
      runId: 'r',
      files: [
        { path: '/etc/a', outcome: 'changed-since', detail: 'changed since this run; left alone (use --force to restore it anyway)' },
        { path: '/etc/b', outcome: 'restored' },
        { path: '/etc/c', outcome: 'removed' },
      ],
      validationFailures: ['sshd -t: bad option'],
      reloadFailures: [],
      complete: false,
    });
    assert.equal(parseUndoReport('r', 'file\trestored\t/etc/b\t\n'), undefined);
  });
});
