import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditFinding } from '../../src/engine/types.js';
import { App } from '../../src/ui/App.js';
import { fakeDriver, RUN } from '../helpers/fake-driver.js';
import { KEYS, renderInk } from '../helpers/ink.js';
import { choose, pointAt } from './menu.js';

type Ui = ReturnType<typeof renderInk>;

/** The terminal ink-testing-library pretends to be, set to `columns` (its rows are unset: the wizard takes 24). */
function resize(ui: Ui, columns: number): void {
  Object.defineProperty(ui.stdout, 'columns', { value: columns, configurable: true });
  ui.stdout.emit('resize');
}

function assertFits(frame: string, columns: number, rows: number): void {
  const lines = frame.split('\n');
  assert.ok(lines.length <= rows, `${lines.length} lines, more than ${rows}:\n${frame}`);
  for (const line of lines) assert.ok(line.length <= columns, `wider than ${columns}: ${JSON.stringify(line)}`);
}

async function openAudit(ui: Ui): Promise<void> {
  await choose(ui, /Go-live audit…/, /go-live audit: .* \(read-only\)/);
}

describe('wizard: the go-live audit', () => {
  it('sums the audit up in one line on the checklist, instead of listing its items there', async () => {
    const { driver } = fakeDriver();
    const ui = renderInk(<App driver={driver} />);
    await ui.waitFor(/go-live audit: 4 pass · 1 fail · 1 warn · 1 unknown/);
    assert.match(ui.frame(), /Go-live audit…/);
    assert.doesNotMatch(ui.frame(), /firewall\.internal|checked only/);
    ui.unmount();
  });

  it('shows the checklist before the audit is read, then the audit once it is', async () => {
    const { driver } = fakeDriver();
    let release: () => void = () => {};
    const audit: typeof driver.audit = (answers) => new Promise((resolve) => (release = () => resolve(driver.audit(answers))));
    const ui = renderInk(<App driver={{ ...driver, audit }} />);
    await ui.waitFor(/^ssh\s+pending/m);
    assert.doesNotMatch(ui.frame(), /Go-live audit…|go-live audit:/);
    release();
    await ui.waitFor(/go-live audit: 4 pass · 1 fail · 1 warn · 1 unknown/);
    assert.match(ui.frame(), /Go-live audit…/);
    ui.unmount();
  });

  it('lists every item as STATUS id title, and opens a failing one on Enter: every line of its evidence, and its fix', async () => {
    const { driver, calls } = fakeDriver();
    const ui = renderInk(<App driver={driver} />);
    await openAudit(ui);
    const list = ui.frame();
    assert.match(list, /❯ PASS\s+auth\.provider\s+An authentication provider is set/);
    assert.match(list, /FAIL\s+firewall\.internal\s+Databases are not reachable from outside/);
    assert.match(list, /WARN\s+scan\.images/);
    assert.match(list, /UNKNOWN tls\.https/);
    assert.match(list, /item 1 of 7/);
    for (let i = 0; i < 3; i += 1) await ui.press('j');
    await ui.waitFor(/❯ FAIL\s+firewall\.internal/);
    await ui.pressUntil(KEYS.enter, /evidence:/);
    const detail = ui.frame();
    assert.match(detail, /FAIL\s+firewall\.internal — Databases are not reachable from outside/);
    assert.match(detail, /^ {2}ss -ltn: PostgreSQL listens on 0\.0\.0\.0:5432$/m);
    assert.match(detail, /^ {2}ufw status: inactive$/m);
    assert.match(detail, /^ {2}docker ps: no published ports$/m);
    assert.match(detail, /fix:\n {2}bind PostgreSQL to 127\.0\.0\.1 \(listen_addresses\), or golive apply --only firewall/);
    assert.equal(calls.apply + calls.rollback.length + calls.backups, 0);
    ui.unmount();
  });

  it('shows no fix for an item that passes', async () => {
    const { driver } = fakeDriver();
    const ui = renderInk(<App driver={driver} />);
    await openAudit(ui);
    await ui.pressUntil(KEYS.enter, /evidence:/);
    assert.match(ui.frame(), /^ {2}\/srv\/app\/\.env: AUTH_PROVIDER=oidc$/m);
    assert.doesNotMatch(ui.frame(), /fix:/);
    ui.unmount();
  });

  it('goes back with Esc: from the item to the list (the cursor where it was), then to the checklist', async () => {
    const { driver } = fakeDriver();
    const ui = renderInk(<App driver={driver} />);
    await openAudit(ui);
    await ui.press(KEYS.down);
    await ui.press(KEYS.down);
    await ui.waitFor(/❯ UNKNOWN tls\.https/);
    await ui.pressUntil(KEYS.enter, /evidence:/);
    await ui.pressUntil(KEYS.escape, /❯ UNKNOWN tls\.https/);
    assert.doesNotMatch(ui.frame(), /evidence:/);
    await ui.pressUntil(KEYS.escape, /Run ssh/);
    assert.match(ui.frame(), /go-live audit: 4 pass/);
    assert.doesNotMatch(ui.frame(), /item \d+ of/);
    ui.unmount();
  });

  it('mentions the audit in the help', async () => {
    const { driver } = fakeDriver();
    const ui = renderInk(<App driver={driver} />);
    await ui.waitFor(/go-live audit:/);
    await ui.press('?');
    await ui.waitFor(/Go-live audit…: ↑↓ j\/k PgUp\/PgDn move, Enter evidence and fix/);
    assert.match(ui.frame(), /read-only: nothing on the audit screens changes the server/);
    ui.unmount();
  });
});

/** Thirty items, the last one failing, each with a long title and evidence. */
function manyFindings(): AuditFinding[] {
  return Array.from({ length: 30 }, (_, i) => ({
    id: `containers.item${String(i + 1).padStart(2, '0')}`,
    title: `Item number ${i + 1} of the audit, with a title long enough to be cut at eighty columns`,
    status: i === 29 ? 'fail' : 'pass',
    evidence: Array.from({ length: i === 29 ? 40 : 1 }, (_, line) => `evidence line ${line + 1} of item ${i + 1}`).join('\n'),
    fix: `the fix of item ${i + 1}`,
  }));
}

describe('wizard: the go-live audit in 80x24', () => {
  it('fits the checklist with six steps, the backup tasks and the runs', async () => {
    const { driver } = fakeDriver({ backupInPlace: true, runs: [RUN] });
    const ui = renderInk(<App driver={driver} />);
    resize(ui, 80);
    await ui.waitFor(/go-live audit:/);
    // Ten steps: the menu scrolls (its last items, Go-live audit…, Roll back a run… and Quit, below) so the screen fits.
    await ui.waitFor(/❯ Run secrets/);
    assertFits(ui.frame(), 80, 24);
    await pointAt(ui, /Go-live audit…/);
    assertFits(ui.frame(), 80, 24);
    ui.unmount();
  });

  it('scrolls the list within the terminal (PgDn, j), and the long evidence of an item', async () => {
    const { driver } = fakeDriver({ findings: manyFindings() });
    const ui = renderInk(<App driver={driver} />);
    resize(ui, 80);
    await openAudit(ui);
    assert.match(ui.frame(), /item01/);
    assert.doesNotMatch(ui.frame(), /item30/);
    assertFits(ui.frame(), 80, 24);
    await ui.press(KEYS.pageDown);
    await ui.press(KEYS.pageDown);
    for (let i = 0; i < 5; i += 1) await ui.press('j');
    await ui.waitFor(/❯ FAIL\s+containers\.item30/);
    assert.match(ui.frame(), /item 30 of 30/);
    assert.doesNotMatch(ui.frame(), /item01/);
    assertFits(ui.frame(), 80, 24);
    await ui.pressUntil(KEYS.enter, /evidence line 1 of item 30/);
    assertFits(ui.frame(), 80, 24);
    assert.doesNotMatch(ui.frame(), /the fix of item 30/);
    await ui.press(KEYS.pageDown);
    await ui.press(KEYS.pageDown);
    await ui.waitFor(/evidence line 40 of item 30\n {2}fix:|fix:\n {2}the fix of item 30/);
    assertFits(ui.frame(), 80, 24);
    ui.unmount();
  });
});
