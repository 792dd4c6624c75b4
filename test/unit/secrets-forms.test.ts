import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { FORM_NAMES, FORMS, generate, weakness } from '../../src/secrets/forms.js';
import { scramVerifier } from '../../src/secrets/postgres.js';

describe('secret forms', () => {
  it('make values of the exact length stated, safe unquoted in a .env line and a URL, that pass their own strength test', () => {
    const lengths = { hex16: 32, hex32: 64, 'base64-32': 43, 'base64-48': 64, chars32: 32 };
    for (const form of FORM_NAMES) {
      assert.equal(FORMS[form].length, lengths[form]);
      assert.match(FORMS[form].describe, new RegExp(`^${lengths[form]} chars `));
      const seen = new Set<string>();
      for (let i = 0; i < 300; i += 1) {
        const value = generate(form);
        assert.equal(value.length, lengths[form], form);
        assert.match(value, /^[A-Za-z0-9_-]+$/, form);
        assert.equal(weakness(value, form), undefined, `${form} ${value}`);
        seen.add(value);
      }
      assert.equal(seen.size, 300);
    }
  });

  it('keep every value a tool like `openssl rand` makes, even one that ends as it begins or spells a word', () => {
    // This one once counted as a 63-character pattern, and a strong JWT key was replaced.
    assert.equal(weakness('2ffb4762d51c1ef3abec61312a7f16636b0fb0804d4e0ebf74a58b0b8d8e71a2', 'hex32'), undefined);
    // As did a 64-character base64 value with no digit or "-", and one holding "tOdO".
    assert.equal(weakness('JqRXzkPpVbwLmNcYtHsGdAeUfKiOnBvCxZaSqWlErTyUuIoPaSdFgHjKlZxCvBnM', 'base64-48'), undefined);
    assert.equal(weakness('TJ04yABn1mfdpaq05YpOtODork2Ft9qs', 'chars32'), undefined);
    for (let i = 0; i < 2000; i += 1) {
      for (const [value, form] of [[randomBytes(32).toString('hex'), 'hex32'], [randomBytes(48).toString('base64url'), 'base64-48']] as const) {
        assert.equal(weakness(value, form), undefined, value);
      }
    }
    assert.equal(weakness('todo', 'hex16'), 'placeholder');
    assert.equal(weakness('jwt-TODO-key', 'hex16'), 'placeholder');
  });

  it('call missing, empty, placeholder, short and wrongly sized values weak', () => {
    assert.equal(weakness(undefined, 'hex32'), 'missing');
    assert.equal(weakness('', 'hex32'), 'empty');
    for (const placeholder of ['changeme', 'CHANGE_ME', 'your-secret-key', 'your-api-key-here', 'your_super_long_password_please_change_this_in_production', 'example', 'password', 'secret', 'xxx', 'XXXXXXXX', '<your key>', 'minioadmin-secret-example-value-123456789012345678']) {
      assert.equal(weakness(placeholder, 'base64-32'), 'placeholder', placeholder);
    }
    assert.equal(weakness('Tr0ub4dor&3', 'base64-32'), 'weak');
    assert.equal(weakness('a'.repeat(80), 'hex32'), 'weak');
    // A pattern typed again and again is as weak as typed once.
    assert.equal(weakness('0123456789abcdef'.repeat(4), 'hex32'), 'weak');
    assert.equal(weakness('abcdefgh'.repeat(10), 'base64-48'), 'weak');
    assert.equal(weakness('Tr0ub4dor&3'.repeat(4), 'base64-32'), 'weak');
    assert.equal(weakness(randomBytes(16).toString('hex'), 'hex32'), 'weak', '128 bits is weaker than hex32');
    assert.equal(weakness(randomBytes(32).toString('base64'), 'chars32'), 'wrong length');
  });

  it('keep strong values of another spelling: standard base64 with padding, a long hex key', () => {
    assert.equal(weakness(randomBytes(32).toString('base64'), 'base64-32'), undefined);
    assert.equal(weakness(randomBytes(48).toString('hex'), 'hex32'), undefined);
  });

  it('SCRAM-SHA-256 verifiers have PostgreSQL\'s shape and hold no password', () => {
    const password = generate('base64-32');
    const verifier = scramVerifier(password, Buffer.alloc(16, 7));
    assert.match(verifier, /^SCRAM-SHA-256\$4096:[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/);
    assert.ok(!verifier.includes(password));
    assert.equal(verifier, scramVerifier(password, Buffer.alloc(16, 7)));
  });
});
