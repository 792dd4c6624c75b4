import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderTemplate } from '../../src/templates.js';

describe('renderTemplate', () => {
  it('fills placeholders and drops lines whose placeholders are all empty', () => {
    const template = '# comment\nA {{a}}\nB {{b}}\n{{c}}\nD {{a}} {{b}}\n';
    assert.equal(renderTemplate(template, { a: '1', b: '', c: '' }), '# comment\nA 1\nD 1 \n');
  });

  it('refuses a template value nobody gave', () => {
    assert.throws(() => renderTemplate('{{missing}} here', {}), /template value missing is missing/);
  });
});
