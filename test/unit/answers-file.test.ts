import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAnswers } from '../../src/session/answers-file.js';
import { STEPS } from '../../steps/index.js';

describe('golive.yml', () => {
  it('reads the target and the step sections', () => {
    const answers = parseAnswers('target:\n  host: 10.0.0.2\n  port: 2222\n  user: deploy\nssh:\n  allowUsers: [deploy]\n  permitRootLogin: no\n', 'golive.yml', STEPS);
    assert.deepEqual(answers.target, { host: '10.0.0.2', port: 2222, user: 'deploy', identity: undefined });
    assert.deepEqual(answers.steps.ssh, { allowUsers: ['deploy'], permitRootLogin: 'no' });
  });

  it('names unknown keys at every level', () => {
    assert.throws(() => parseAnswers('sssh: {}\n', 'golive.yml', STEPS), /golive\.yml: unknown key sssh/);
    assert.throws(() => parseAnswers('target:\n  hots: x\n', 'golive.yml', STEPS), /golive\.yml: unknown key target\.hots/);
    assert.throws(() => parseAnswers('ssh:\n  alowUsers: [x]\n  prot: 1\n', 'golive.yml', STEPS), /golive\.yml: unknown keys ssh\.alowUsers, ssh\.prot/);
  });

  it('refuses bad values and bad YAML with the place named', () => {
    assert.throws(() => parseAnswers('target:\n  port: 70000\n', 'golive.yml', STEPS), /golive\.yml: target\.port: 70000 is not a port/);
    assert.throws(() => parseAnswers('ssh: [1, 2\n', 'golive.yml', STEPS), /golive\.yml: /);
    assert.throws(() => parseAnswers('ssh: {}\nssh: {}\n', 'golive.yml', STEPS), /golive\.yml: .*unique/i);
  });

  it('accepts an empty file', () => {
    assert.deepEqual(parseAnswers('', 'golive.yml', STEPS), { target: { host: undefined, port: undefined, user: undefined, identity: undefined }, audit: { composeFile: undefined }, steps: {} });
  });
});
