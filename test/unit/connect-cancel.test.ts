import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nobodyToAsk } from '../../src/interaction.js';
import { connect } from '../../src/session/connect.js';

/** A port on loopback that takes the connection and then says nothing: an SSH server that never answers. */
async function silentServer() {
  const sockets: Socket[] = [];
  const closed: Promise<void>[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.resume(); // read, so that the client's end is seen
    closed.push(new Promise((resolve) => socket.once('close', () => resolve())));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { port, sockets, closed, stop: () => new Promise((resolve) => server.close(resolve)).finally(() => sockets.forEach((socket) => socket.destroy())) };
}

describe('connecting, given up', () => {
  it('drops a connection still being made at once, and leaves no socket open', async () => {
    const server = await silentServer();
    try {
      await dropsAtOnce(server);
    } finally {
      await server.stop();
    }
  });
});

async function dropsAtOnce(server: Awaited<ReturnType<typeof silentServer>>) {
    const giveUp = new AbortController();
    const started = Date.now();
    const connecting = connect({
      host: `deploy@127.0.0.1:${server.port}`,
      identity: undefined,
      knownHosts: join(mkdtempSync(join(tmpdir(), 'golive-cancel-')), 'known_hosts'),
      acceptNewHostKey: false,
      fromFile: {},
      interaction: nobodyToAsk,
      agentSocket: '/nonexistent/agent.sock',
      signal: giveUp.signal,
    });
    for (let waited = 0; server.sockets.length === 0 && waited < 5000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    assert.equal(server.sockets.length, 1, 'the connection reached the server');
    giveUp.abort();
    await assert.rejects(connecting, /connecting to \[127\.0\.0\.1\]:\d+ was cancelled/);
    await Promise.all(server.closed);
    assert.ok(Date.now() - started < 5000, 'well before the 20 s the handshake may take');
}
