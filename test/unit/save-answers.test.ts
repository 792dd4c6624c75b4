import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { saveAnswers } from '../../src/session/save-answers.js';
import { STEPS } from '../../steps/index.js';

const dir = mkdtempSync(join(tmpdir(), 'golive-save-'));

describe('saving answers to golive.yml', () => {
  it('keeps comments, order and other keys of an existing file', () => {
    const path = join(dir, 'existing.yml');
    writeFileSync(path, '# my server\ntarget:\n  host: 10.0.0.2 # the VPS\nssh:\n  # who may log in\n  allowUsers: [alice]\n  port: 22\n');
    saveAnswers(path, { ssh: { allowUsers: ['alice', 'bob'], permitRootLogin: 'no' } }, STEPS);
    assert.equal(
      readFileSync(path, 'utf8'),
      '# my server\ntarget:\n  host: 10.0.0.2 # the VPS\nssh:\n  # who may log in\n  allowUsers: [ alice, bob ]\n  port: 22\n  permitRootLogin: "no"\n',
    );
  });

  it('creates a new file that reads back as the same answers', () => {
    const path = join(dir, 'new.yml');
    saveAnswers(path, { ssh: { allowUsers: ['deploy'], permitRootLogin: 'prohibit-password', port: 2222 } }, STEPS);
    assert.equal(readFileSync(path, 'utf8'), 'ssh:\n  allowUsers: [ deploy ]\n  permitRootLogin: prohibit-password\n  port: 2222\n');
  });
});
