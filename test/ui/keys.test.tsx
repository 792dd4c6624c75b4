import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits until `done` holds, by the clock: a loaded machine (CI's two cores busy) can take seconds
 * for what takes milliseconds here. The assertion after it says what was expected.
 */
async function until(done: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await sleep(10);
}
import { App } from '../../src/ui/App.js';
import type { ConnectRequest, WizardDriver } from '../../src/ui/driver.js';
import { PASTE_END, PASTE_START } from '../../src/ui/input/key-tokens.js';
import { tokenizedStdin } from '../../src/ui/input/tokenized-stdin.js';
import { fakeDriver, RUN } from '../helpers/fake-driver.js';
import { FakeTerminalInput, renderWithKeySplitting } from '../helpers/tokenized-ink.js';

const DOWN = '\u001b[B';
const UP = '\u001b[A';
const HOST_FIELD = /› Server \[user@\]host\[:port\]: /;

/** The connect form, with the requests it sends. */
function connectForm() {
  const { driver } = fakeDriver({ preset: false });
  const requests: ConnectRequest[] = [];
  const recording: WizardDriver = { ...driver, connect: (request, interaction) => (requests.push(request), driver.connect(request, interaction)) };
  const ui = renderWithKeySplitting(<App driver={recording} />);
  return { ui, requests };
}

describe('wizard: several keys in one read act as if pressed one by one', () => {
  // The checklist menu ends "Roll back a run…", "Quit"; Up from the first item wraps to the last.
  it('moves up twice and selects on Up Up Enter in one read (tmux send-keys)', async () => {
    const { driver, calls } = fakeDriver({ runs: [RUN] });
    const ui = renderWithKeySplitting(<App driver={driver} />);
    await ui.waitFor(/❯ Run secrets/);
    ui.send(`${UP}${UP}\r`);
    await ui.waitFor(/Runs recorded on the server/);
    assert.equal(calls.closed, 0, 'one Up lost would have chosen Quit');
    ui.unmount();
  });

  it('types, erases and types again in one read: "ab", Backspace, "c" gives "ac"', async () => {
    const { ui } = connectForm();
    await ui.waitFor(/Which server goes live\?/);
    ui.send('ab\u007fc');
    await ui.waitFor(/› Server \[user@\]host\[:port\]: ac\b/);
    ui.unmount();
  });

  it('fills both fields and connects from one long read holding two Enters', async () => {
    const { ui, requests } = connectForm();
    await ui.waitFor(/Which server goes live\?/);
    const host = `deploy@${'build-server-'.repeat(12)}example.org:2222`;
    const key = `/home/deploy/.ssh/${'k'.repeat(120)}`;
    ui.send(`${host}\r${key}\r`);
    await until(() => requests.length > 0);
    assert.deepEqual(requests, [{ host, identity: key, source: 'form' }]);
    ui.unmount();
  });

  it('takes a bracketed paste as text: its line break does not press Enter', async () => {
    const { ui, requests } = connectForm();
    await ui.waitFor(/Which server goes live\?/);
    ui.send(`${PASTE_START}deploy@10.77.1.2\n${PASTE_END}`);
    await ui.waitFor(/› Server \[user@\]host\[:port\]: deploy@10\.77\.1\.2\b/);
    ui.send(`${PASTE_START}\n/root/.ssh/id_ed25519\nsecond line?\n${PASTE_END}`);
    await ui.waitFor(/: deploy@10\.77\.1\.2\/root\/\.ssh\/id_ed25519 second line\b/);
    assert.match(ui.frame(), HOST_FIELD, 'still on the host field');
    ui.send('\r\r');
    await until(() => requests.length > 0);
    assert.deepEqual(requests, [{ host: 'deploy@10.77.1.2/root/.ssh/id_ed25519 second line', identity: undefined, source: 'form' }]);
    ui.unmount();
  });

  it('joins an arrow cut between two reads', async () => {
    const { driver, calls } = fakeDriver({ runs: [RUN] });
    const ui = renderWithKeySplitting(<App driver={driver} />);
    await ui.waitFor(/❯ Run secrets/);
    ui.send(`${UP}\u001b`);
    await sleep(5);
    ui.send('[A\r');
    await ui.waitFor(/Runs recorded on the server/);
    assert.equal(calls.closed, 0, 'two Ups, then Enter on "Roll back a run…"');
    ui.unmount();
  });

  it('still reads a lone Esc as Esc, and the keys after it as themselves', async () => {
    const { driver } = fakeDriver({ runs: [RUN] });
    const ui = renderWithKeySplitting(<App driver={driver} />);
    await ui.waitFor(/Run ssh/);
    ui.send('?');
    await ui.waitFor(/Ctrl\+C\s+while applying/);
    ui.send('\u001b');
    await ui.waitFor(/Ctrl\+C\s+while applying/, { gone: true });
    ui.send(`${UP}${UP}\r`);
    await ui.waitFor(/Runs recorded on the server/);
    ui.unmount();
  });
});

describe('tokenizedStdin', () => {
  /** What Ink reads, one array per 'readable'. */
  function inkReading(input: FakeTerminalInput, options = {}) {
    const stdin = tokenizedStdin(input, options);
    const reads: string[][] = [];
    const readAt: number[] = [];
    const onReadable = () => {
      const chunk: string[] = [];
      let key: string | null;
      while ((key = stdin.read() as string | null) !== null) chunk.push(key);
      reads.push(chunk);
      readAt.push(performance.now());
    };
    stdin.addListener('readable', onReadable);
    return { stdin, reads, readAt, stop: () => stdin.removeListener('readable', onReadable) };
  }

  it('gives Ink one key per read, in order, each on its own turn of the event loop', async () => {
    const input = new FakeTerminalInput();
    const { reads, stop } = inkReading(input);
    input.write(`${DOWN}x\r`);
    assert.deepEqual(reads, [], 'nothing is delivered inside the write');
    await until(() => reads.length >= 3);
    assert.deepEqual(reads, [[DOWN], ['x'], ['\r']]);
    stop();
  });

  it('decodes UTF-8 cut between two reads', async () => {
    const input = new FakeTerminalInput();
    const { reads, stop } = inkReading(input);
    const bytes = Buffer.from('é😀');
    input.write(bytes.subarray(0, 1));
    input.write(bytes.subarray(1, 4));
    input.write(bytes.subarray(4));
    await until(() => reads.length >= 2);
    assert.deepEqual(reads, [['é'], ['😀']]);
    stop();
  });

  it('waits escapeWaitMs for the rest of a sequence before calling it a lone Esc', async () => {
    const input = new FakeTerminalInput();
    const { reads, readAt, stop } = inkReading(input, { escapeWaitMs: 40 });
    const written = performance.now();
    input.write('\u001b');
    await until(() => reads.length >= 1);
    assert.deepEqual(reads, [['\u001b']]);
    // Timers never fire early: an Esc handed on sooner did not wait.
    assert.ok(readAt[0]! - written >= 39, `handed on after ${(readAt[0]! - written).toFixed(1)} ms`);
    stop();
  });

  it('asks the terminal for bracketed paste while raw mode is on', () => {
    const input = new FakeTerminalInput();
    const written: string[] = [];
    const stdin = tokenizedStdin(input, { bracketedPasteTo: { write: (text: string) => written.push(text) } });
    stdin.setRawMode(true);
    stdin.setRawMode(false);
    assert.deepEqual(input.rawModes, [true, false]);
    assert.deepEqual(written, ['\u001b[?2004h', '\u001b[?2004l']);
  });

  it('stops reading the terminal when Ink stops listening, and drops what was queued', async () => {
    const input = new FakeTerminalInput();
    const { reads, stop } = inkReading(input);
    input.write('ab');
    stop();
    assert.equal(input.listenerCount('readable'), 0);
    await sleep(20);
    assert.deepEqual(reads, []);
  });
});
