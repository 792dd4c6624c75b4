import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineEnding, maskValues, parseEnv, setValues, valueOf } from '../../src/secrets/env-file.js';

const SAMPLE = [
  '\uFEFF# the app',
  '',
  'export POSTGRES_PASSWORD="changeme"  # set me',
  "REDIS_PASSWORD='' ",
  'JWT_SECRET_KEY = 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  'SECRET_KEY= # empty, with a comment',
  'HASH=#not-a-comment',
  'CERT="-----BEGIN-----',
  'line two',
  '-----END-----"',
  '# OLD_PASSWORD=hunter2',
  'APP_URL=https://example.com/a#b',
  '  export   SPACED=value\twith tab # note',
  'NOT AN ASSIGNMENT',
  '',
].join('\r\n');

describe('.env parser', () => {
  it('finds each value and where it is, whatever the quotes, prefixes and comments', () => {
    const env = parseEnv(SAMPLE);
    const values = Object.fromEntries(env.assignments.map((a) => [a.name, a.value]));
    assert.deepEqual(values, {
      POSTGRES_PASSWORD: 'changeme',
      REDIS_PASSWORD: '',
      JWT_SECRET_KEY: '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      SECRET_KEY: '',
      HASH: '#not-a-comment',
      CERT: '-----BEGIN-----\r\nline two\r\n-----END-----',
      APP_URL: 'https://example.com/a#b',
      SPACED: 'value\twith tab',
    });
    for (const a of env.assignments) assert.equal(SAMPLE.slice(a.start, a.end), a.value);
    assert.equal(lineEnding(SAMPLE), '\r\n');
  });

  it('the last assignment of a name is its value', () => {
    assert.equal(valueOf(parseEnv('A=1\nA=2\n'), 'A'), '2');
    assert.equal(valueOf(parseEnv('A=1\n'), 'B'), undefined);
  });
});

describe('.env editor', () => {
  it('changes only the value bytes of the chosen names; every other byte stays', () => {
    const env = parseEnv(SAMPLE);
    const edited = setValues(env, new Map([['POSTGRES_PASSWORD', 'NEW1'], ['REDIS_PASSWORD', 'NEW2'], ['SECRET_KEY', 'NEW3']]));
    assert.equal(
      edited,
      SAMPLE.replace('"changeme"', '"NEW1"').replace("REDIS_PASSWORD=''", "REDIS_PASSWORD='NEW2'").replace('SECRET_KEY= #', 'SECRET_KEY=NEW3 #'),
    );
  });

  it('appends missing names with the file\'s line ending, ending an unterminated last line first', () => {
    assert.equal(setValues(parseEnv('A=1\r\nB=2'), new Map([['C', 'x']])), 'A=1\r\nB=2\r\nC=x\r\n');
    assert.equal(setValues(parseEnv('A=1\n'), new Map([['C', 'x'], ['D', 'y']])), 'A=1\nC=x\nD=y\n');
    assert.equal(setValues(parseEnv(''), new Map([['C', 'x']])), 'C=x\n');
  });

  it('gives every assignment of a name the new value', () => {
    assert.equal(setValues(parseEnv('A=1\nexport A="2"\n'), new Map([['A', 'x']])), 'A=x\nexport A="x"\n');
  });

  it('masks every value, commented-out ones too', () => {
    const masked = maskValues(parseEnv(SAMPLE), (a) => `<${a.value.length}>`);
    for (const secret of ['changeme', '0123456789abcdef', 'hunter2', 'line two', 'with tab']) assert.ok(!masked.includes(secret), secret);
    assert.match(masked, /^export POSTGRES_PASSWORD="<8>" {2}# set me\r$/m);
    assert.match(masked, /^# OLD_PASSWORD=<hidden>\r$/m);
  });
});
