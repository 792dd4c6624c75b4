import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitWidth, windowStart } from '../../src/ui/scroll-window.js';
import { reduce, initialState, type WizardState } from '../../src/ui/wizard-state.js';
import { wrapLines } from '../../src/ui/wrap-lines.js';
import { FINDINGS } from '../helpers/fake-driver.js';

function onAudit(cursor = 0): WizardState {
  return { ...initialState([], { label: 'deploy@10.77.1.2' }), findings: FINDINGS, screen: { name: 'audit', cursor } };
}

describe('the audit screens: state and layout helpers', () => {
  it('keeps the cursor within the findings, and goes back item → list (cursor kept) → checklist', () => {
    assert.deepEqual(reduce(onAudit(5), { type: 'move-audit-cursor', by: 20 }).screen, { name: 'audit', cursor: FINDINGS.length - 1 });
    assert.deepEqual(reduce(onAudit(2), { type: 'move-audit-cursor', by: -20 }).screen, { name: 'audit', cursor: 0 });
    const item = reduce(onAudit(3), { type: 'open-finding' });
    assert.deepEqual(item.screen, { name: 'audit-finding', index: 3 });
    const list = reduce(item, { type: 'back' });
    assert.deepEqual(list.screen, { name: 'audit', cursor: 3 });
    assert.deepEqual(reduce(list, { type: 'back' }).screen, { name: 'checklist' });
  });

  it('opens the audit only once the server is read', () => {
    const unread = initialState([], { label: 'deploy@10.77.1.2' });
    assert.equal(reduce(unread, { type: 'open-audit' }), unread);
    assert.deepEqual(reduce({ ...unread, findings: FINDINGS }, { type: 'open-audit' }).screen, { name: 'audit', cursor: 0 });
  });

  it('forgets the findings when the server is read again', () => {
    assert.equal(reduce(onAudit(), { type: 'home' }).findings, undefined);
  });

  it('wraps at the last space that fits, cuts a word longer than the width, keeps empty lines', () => {
    assert.deepEqual(wrapLines('ss -ltn: PostgreSQL on 0.0.0.0:5432', 12), ['ss -ltn:', 'PostgreSQL', 'on', '0.0.0.0:5432']);
    assert.deepEqual(wrapLines('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
    assert.deepEqual(wrapLines('a\n\nb', 10), ['a', '', 'b']);
  });

  it('starts the window so the cursor is in view, near the middle, never past the end', () => {
    assert.equal(windowStart(0, 30, 10), 0);
    assert.equal(windowStart(12, 30, 10), 7);
    assert.equal(windowStart(29, 30, 10), 20);
    assert.equal(windowStart(3, 5, 10), 0);
    assert.equal(fitWidth('firewall.internal', 8), 'firewal…');
  });
});
