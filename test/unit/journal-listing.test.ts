import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manifestsFact, parseManifest } from '../../src/engine/journal.js';

const SEPARATOR = manifestsFact.argv.at(-1)!;
const manifest = (runId: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ version: 1, runId, startedAt: '2026-11-30T10:00:00.000Z', target: 't', loginUser: 'deploy', steps: ['ssh'], status: 'applied', files: [], commands: [], validations: [], reloads: [], undo: [], snapshots: [], ...extra }, null, 2);
const listing = (...entries: [string, string][]) => entries.map(([path, text]) => `${SEPARATOR} ${path}\n${text}`).join('\n');

describe('the journal listing', () => {
  it('lists a damaged manifest as unreadable, with its path, and every good one as a run', () => {
    const good = manifest('20261130T100000Z-aaaaaa');
    const newer = manifest('20261130T110000Z-bbbbbb');
    const stdout = listing(
      ['/var/lib/golive/runs/20261130T100000Z-aaaaaa/manifest.json', good],
      ['/var/lib/golive/runs/20261130T103000Z-cccccc/manifest.json', good.slice(0, 40)],
      ['/var/lib/golive/runs/20261130T104000Z-dddddd/manifest.json', 'garbage'],
      ['/var/lib/golive/runs/20261130T105000Z-eeeeee/manifest.json', manifest('20261130T105000Z-eeeeee', { version: 7 })],
      ['/var/lib/golive/runs/20261130T106000Z-ffffff/manifest.json', ''],
      ['/var/lib/golive/runs/20261130T110000Z-bbbbbb/manifest.json', newer],
    );
    const { runs, unreadable } = manifestsFact.parse({ exitCode: 0, stdout, stderr: '' });
    assert.deepEqual(runs.map((r) => r.runId), ['20261130T110000Z-bbbbbb', '20261130T100000Z-aaaaaa']);
    assert.deepEqual(unreadable, [
      { path: '/var/lib/golive/runs/20261130T103000Z-cccccc/manifest.json', reason: 'not JSON (cut short?)' },
      { path: '/var/lib/golive/runs/20261130T104000Z-dddddd/manifest.json', reason: 'not JSON (cut short?)' },
      { path: '/var/lib/golive/runs/20261130T105000Z-eeeeee/manifest.json', reason: 'schema version 7, this golive reads version 1' },
      { path: '/var/lib/golive/runs/20261130T106000Z-ffffff/manifest.json', reason: 'empty' },
    ]);
  });

  it('orders two runs of one second by when they started, not by their random part', () => {
    const first = manifest('20261130T100000Z-ffffff', { startedAt: '2026-11-30T10:00:00.100Z' });
    const second = manifest('20261130T100000Z-000000', { startedAt: '2026-11-30T10:00:00.700Z' });
    const stdout = listing(['/var/lib/golive/runs/20261130T100000Z-ffffff/manifest.json', first], ['/var/lib/golive/runs/20261130T100000Z-000000/manifest.json', second]);
    assert.deepEqual(manifestsFact.parse({ exitCode: 0, stdout, stderr: '' }).runs.map((r) => r.runId), ['20261130T100000Z-000000', '20261130T100000Z-ffffff']);
  });

  it('wants the fields it relies on', () => {
    assert.deepEqual(parseManifest('{"version": 1, "runId": "x"}'), { reason: 'fields are missing' });
    assert.deepEqual(parseManifest('[1]'), { reason: 'schema version null, this golive reads version 1' });
    assert.deepEqual(parseManifest('null'), { reason: 'not a manifest' });
  });
});
