import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { connectEarly } from '../../src/target/early-connection.js';

// Only loopback: a listener of this test's own.
describe('the early connection', () => {
  it('is handed over for its own endpoint, closed for another, and never used once it failed', async () => {
    const server = createServer((socket) => socket.end('SSH-2.0-test\r\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const early = connectEarly(`deploy@127.0.0.1:${port}`)!;
      const greeting = await new Promise<string>((resolve) => early.socket.once('data', (data) => resolve(data.toString())));
      assert.equal(greeting, 'SSH-2.0-test\r\n');
      assert.equal(early.takeFor('127.0.0.1', port), early.socket);

      const elsewhere = connectEarly(`127.0.0.1:${port}`)!;
      assert.equal(elsewhere.takeFor('127.0.0.1', port + 1), undefined);
      assert.ok(elsewhere.socket.destroyed);

      server.close();
      const refused = connectEarly(`127.0.0.1:${port}`)!;
      await new Promise((resolve) => refused.socket.once('close', resolve));
      assert.equal(refused.takeFor('127.0.0.1', port), undefined);
      assert.equal(connectEarly(undefined), undefined);
      assert.equal(connectEarly('bad host name!'), undefined, 'a --host that does not parse is left to the run to refuse');
      early.socket.destroy();
    } finally {
      server.close();
    }
  });
});
