import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { timeToText } from '../bench/measure.js';
import { GOLIVE_BIN, REPO_ROOT } from '../helpers/test-server.js';

/** bin/golive.js runs the esbuild bundle (dist/bundle/), not the files these other tests import. */
describe('the bundled golive', () => {
  it('finds package.json (and so templates/) from the bundle', () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(execFileSync('node', [GOLIVE_BIN, '--version'], { encoding: 'utf8' }), `golive ${version}\n`);
  });

  it('prints its help', () => {
    assert.match(execFileSync('node', [GOLIVE_BIN, 'plan', '--help'], { encoding: 'utf8' }), /^Usage:/m);
  });

  it('draws the wizard checklist in a terminal', async () => {
    const settings = mkdtempSync(join(tmpdir(), 'golive-bundle-'));
    try {
      await timeToText(['node', GOLIVE_BIN, '--host', 'nobody@127.0.0.1:1', '--known-hosts', '/dev/null'], 'secrets', { GOLIVE_SETTINGS_DIR: settings });
    } finally {
      rmSync(settings, { recursive: true, force: true });
    }
  });
});
