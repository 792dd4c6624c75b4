import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHostSpec } from '../../src/target/host-spec.js';

describe('--host [USER@]HOST[:PORT]', () => {
  it('parses every form', () => {
    assert.deepEqual(parseHostSpec('server.example'), { host: 'server.example', port: undefined, user: undefined });
    assert.deepEqual(parseHostSpec('deploy@10.0.0.2:2222'), { host: '10.0.0.2', port: 2222, user: 'deploy' });
    assert.deepEqual(parseHostSpec('root@[::1]:22'), { host: '::1', port: 22, user: 'root' });
    assert.deepEqual(parseHostSpec('::1'), { host: '::1', port: undefined, user: undefined });
  });

  it('refuses bad ports, users and hosts with a specific message', () => {
    assert.throws(() => parseHostSpec('deploy@10.0.0.2:99999'), /--host port: "99999" is not a port/);
    assert.throws(() => parseHostSpec('deploy@10.0.0.2:0'), /is not a port/);
    assert.throws(() => parseHostSpec('deploy@10.0.0.2:ssh'), /is not a port/);
    assert.throws(() => parseHostSpec('bob;id@10.0.0.2'), /--host user: "bob;id" is not a valid user name/);
    assert.throws(() => parseHostSpec('deploy@host name'), /is not a host name/);
    assert.throws(() => parseHostSpec('deploy@'), /names no host/);
  });
});
