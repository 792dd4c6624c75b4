import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatherFactGroups } from '../../src/engine/probe.js';
import { GoliveError } from '../../src/errors.js';
import { fileFact } from '../../src/facts/file.js';
import { envPathFact } from '../../src/secrets/env-fact.js';
import { LocalTarget } from '../../src/target/local.js';

// Reading only, on this machine, in a folder of its own: what the Perl reader says of each kind of path.
describe('fileFact', () => {
  it('reads every file in one process, refusing links at the file or on the way, never blocking on a FIFO', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'golive-file-fact-'));
    try {
      mkdirSync(join(dir, 'real'));
      writeFileSync(join(dir, 'real', '-dash name'), 'KEY=1\nÜber\n');
      chmodSync(join(dir, 'real', '-dash name'), 0o4750);
      writeFileSync(join(dir, 'real', 'empty'), '');
      symlinkSync('/etc/hostname', join(dir, 'real', 'link'));
      symlinkSync(join(dir, 'real'), join(dir, 'through'));
      execFileSync('mkfifo', [join(dir, 'real', 'fifo')]);
      const paths = {
        file: join(dir, 'real', '-dash name'),
        empty: join(dir, 'real', 'empty'),
        absent: join(dir, 'real', 'absent'),
        noFolder: join(dir, 'none', 'file'),
        folder: join(dir, 'real'),
        fifo: join(dir, 'real', 'fifo'),
        link: join(dir, 'real', 'link'),
        throughLink: join(dir, 'through', 'empty'),
        relative: 'real/empty',
        newlineAfter: `${join(dir, 'real', 'empty')}\n`,
      };
      const target = new LocalTarget();
      const [read] = (await gatherFactGroups(target, [Object.fromEntries(Object.entries(paths).map(([name, path]) => [name, fileFact(path)]))])) as Record<string, unknown>[];
      assert.equal(target.roundTrips, 1);
      const user = execFileSync('id', ['-un'], { encoding: 'utf8' }).trim();
      const group = execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
      assert.deepEqual(read!.file, { owner: user, group, mode: 0o4750, content: 'KEY=1\nÜber\n' });
      assert.deepEqual(read!.empty, { owner: user, group, mode: 0o644 & ~process.umask(), content: '' });
      for (const name of ['absent', 'noFolder', 'folder', 'fifo', 'newlineAfter']) assert.equal(read![name], null, name);
      for (const name of ['link', 'throughLink']) {
        assert.ok(read![name] instanceof GoliveError, name);
        assert.match((read![name] as Error).message, /symbolic link/);
      }
      assert.match((read!.relative as Error).message, /not an absolute path/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("tells the secrets step what is at the .env path and who owns its folder, every byte kept", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'golive-env-fact-'));
    try {
      mkdirSync(join(dir, 'app'));
      writeFileSync(join(dir, 'app', '.env'), 'A=1\n');
      writeFileSync(join(dir, 'app', 'latin1.env'), Buffer.from([0x41, 0x3d, 0xe9, 0x0a]));
      symlinkSync('/etc/hostname', join(dir, 'app', 'link.env'));
      symlinkSync(join(dir, 'app'), join(dir, 'through'));
      execFileSync('mkfifo', [join(dir, 'app', 'fifo.env')]);
      const at = (...parts: string[]) => envPathFact(join(dir, ...parts));
      const [read] = (await gatherFactGroups(new LocalTarget(), [{
        file: at('app', '.env'),
        latin1: at('app', 'latin1.env'),
        absent: at('app', 'none.env'),
        symlink: at('app', 'link.env'),
        folder: at('app'),
        fifo: at('app', 'fifo.env'),
        noFolder: at('none', '.env'),
        notAFolder: at('app', '.env', 'x'),
        throughLink: at('through', '.env'),
      }])) as Record<string, unknown>[];
      const user = execFileSync('id', ['-un'], { encoding: 'utf8' }).trim();
      const group = execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
      const folder = { owner: user, group };
      assert.deepEqual(read!.file, { kind: 'file', file: { owner: user, group, mode: 0o644 & ~process.umask(), content: 'A=1\n' }, folder, utf8: true });
      assert.equal((read!.latin1 as { utf8: boolean }).utf8, false);
      assert.deepEqual(read!.absent, { kind: 'absent', folder });
      assert.deepEqual([read!.symlink, read!.folder, read!.fifo, read!.noFolder, read!.notAFolder], [{ kind: 'symlink' }, { kind: 'folder' }, { kind: 'other' }, { kind: 'no-folder' }, { kind: 'no-folder' }]);
      assert.match((read!.throughLink as Error).message, /reached through a symbolic link/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
