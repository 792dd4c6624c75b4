import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS, OPTIONS, parseCli, SHELLS } from '../../src/cli/args.js';
import { completionScript } from '../../src/cli/completion.js';
import { manPage } from '../../src/cli/man-page.js';
import { COMMAND_USAGE, commandHelpText, helpText, OPTION_USAGE, optionsOf } from '../../src/cli/usage.js';
import { STEP_IDS } from '../../src/engine/types.js';

const parserOptions = Object.entries(OPTIONS).map(([long, spec]) => ({ long, short: (spec as { short?: string }).short, takesValue: spec.type === 'string' }));

/** bash's answer to completing `line` (the word at the end; a trailing space starts a new one), with the script loaded. */
function bashCompletes(line: string): string[] {
  const script = `${completionScript('bash')}
COMP_WORDS=(${line.split(' ').map((w) => `'${w}'`).join(' ')}); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
_golive; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['-c', script], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

/**
 * An interactive zsh in a pseudo-terminal (zpty) with golive's completion loaded: each line is typed,
 * then Tab, then a key that marks the end; compadd is wrapped to write what it offers.
 */
const ZSH_DRIVER = `zmodload zsh/zpty
script=$1 out=$2; shift 2
zpty -b z zsh -f -i
zpty -w z "PS1='> '; autoload -U compinit; compinit -u -D"
zpty -w z "compadd() { local -a hits; builtin compadd -O hits \\"\\$@\\"; (( \\$#hits )) && print -rl -- \\$hits >> \${(q)out}; builtin compadd \\"\\$@\\"; }"
zpty -w z "ended() { print -r -- @@end >> \${(q)out}; BUFFER=; }; zle -N ended; bindkey '^X' ended"
zpty -w z "source \${(q)script}; bindkey '^I' complete-word; print ready"
zpty -r z x '*ready*'
n=0
for line in "$@"; do
  zpty -w -n z "$line"$'\\t\\x18'
  n=$((n + 1))
  for i in {1..200}; do (( $(grep -c '^@@end$' $out) >= n )) && break; sleep 0.05; done
done
zpty -d z
`;
const hasZsh = spawnSync('zsh', ['--version']).status === 0;

/** What zsh offers at the end of each line, the completion script loaded as a user would. */
function zshCompletes(lines: readonly string[]): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'golive-zsh-'));
  try {
    writeFileSync(join(dir, '_golive'), completionScript('zsh'));
    writeFileSync(join(dir, 'out'), '');
    execFileSync('zsh', ['-f', '-c', ZSH_DRIVER, 'driver', join(dir, '_golive'), join(dir, 'out'), ...lines], { env: { PATH: process.env.PATH, HOME: dir }, timeout: 30_000 });
    const cases = readFileSync(join(dir, 'out'), 'utf8').split('@@end\n').slice(0, lines.length);
    return cases.map((offered) => [...new Set(offered.split('\n').filter(Boolean))].sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the command line described once', () => {
  it('describes every option the parser takes, with its short form and whether it takes a value, and no other', () => {
    const described = OPTION_USAGE.map((o) => ({ long: o.long, short: o.short, takesValue: o.arg !== undefined }));
    assert.deepEqual(described.sort((a, b) => a.long.localeCompare(b.long)), parserOptions.sort((a, b) => a.long.localeCompare(b.long)));
    assert.deepEqual(COMMAND_USAGE.map((c) => c.name).filter((n) => n !== 'wizard').sort(), [...COMMANDS].sort());
  });

  it('--help, help COMMAND, the completions and the man page name every command and option', () => {
    const help = helpText();
    const bash = completionScript('bash');
    const zsh = completionScript('zsh');
    const man = manPage('0.1.0').replace(/\\-/g, '-');
    for (const option of OPTION_USAGE) {
      for (const text of [help, bash, zsh, man]) assert.ok(text.includes(`--${option.long}`), `--${option.long} missing`);
      if (option.short) for (const text of [help, bash, zsh, man]) assert.ok(text.includes(`-${option.short}`), `-${option.short} missing`);
    }
    for (const command of COMMANDS) for (const text of [help, bash, zsh, man]) assert.ok(text.includes(command), `${command} missing`);
    for (const id of STEP_IDS) for (const text of [help, bash, zsh]) assert.ok(text.includes(id), `step ${id} missing`);
    assert.match(commandHelpText('plan'), /^Usage: golive plan \[options\]\n/);
    assert.ok(optionsOf('plan').every((o) => commandHelpText('plan').includes(`--${o.long}`)));
    assert.ok(!commandHelpText('plan').includes('--private-key'));
  });

  it("each option a command's help lists is one the parser takes with that command", () => {
    const values: Record<string, string> = { only: 'ssh', parallel: '2', rotate: 'SECRET_KEY', output: 'out', 'private-key': 'k', inventory: 'h.yml', host: 'x' };
    const positional: Record<string, string[]> = { export: ['ansible', '--output', 'out'], 'test-restore': ['--private-key', 'k'], completion: ['bash'] };
    for (const { name } of COMMAND_USAGE) {
      for (const option of optionsOf(name)) {
        if (['help', 'version'].includes(option.long)) continue;
        const argv = [...(name === 'wizard' ? [] : [name]), ...(positional[name] ?? []), `--${option.long}`, ...(option.arg ? [values[option.long] ?? 'x'] : [])];
        // --inventory goes with --yes for apply and rollback; --canary with --inventory; --host not with --inventory.
        const extra = option.long === 'canary' || option.long === 'parallel' ? ['--inventory', 'h.yml'] : [];
        const needsYes = (name === 'apply' || name === 'rollback') && (extra.length > 0 || option.long === 'inventory') ? ['--yes'] : [];
        assert.doesNotThrow(() => parseCli([...argv, ...extra, ...needsYes]), `golive ${argv.join(' ')}`);
      }
    }
  });

  it('completes commands, options and step ids in bash', () => {
    assert.deepEqual(bashCompletes('golive pl'), ['plan']);
    assert.deepEqual(bashCompletes('golive plan --inv'), ['--inventory']);
    assert.deepEqual(bashCompletes('golive plan --only ssh,f').sort(), ['ssh,fail2ban', 'ssh,firewall']);
    assert.deepEqual(bashCompletes('golive completion '), SHELLS);
    assert.deepEqual(bashCompletes('golive plan '), []);
    assert.deepEqual(bashCompletes('golive --dr'), ['--dry-run']);
    assert.deepEqual(bashCompletes('golive audit --dr'), []);
    assert.deepEqual(bashCompletes('golive --host h plan --r'), ['--rotate']);
    assert.deepEqual(bashCompletes('golive export '), ['ansible']);
  });

  it('completes commands, options anywhere, step ids and subcommands in zsh', { skip: hasZsh ? false : 'zsh is not installed (scripts/testserver/setup-host.sh installs it)' }, () => {
    const lines = ['golive pl', 'golive plan --on', 'golive plan --only ssh,f', 'golive completion ', 'golive help ap', 'golive export ', 'golive audit --str', 'golive --dr', 'golive audit --dr', 'golive --host h plan --r'];
    const offered = zshCompletes(lines);
    const expected = [['plan'], ['--only'], ['fail2ban', 'firewall'], [...SHELLS].sort(), ['apply'], ['ansible'], ['--strict'], ['--dry-run'], [], ['--rotate']];
    assert.deepEqual(Object.fromEntries(lines.map((line, i) => [line, offered[i]])), Object.fromEntries(lines.map((line, i) => [line, expected[i]])));
  });

  it('takes help COMMAND and completion SHELL, and refuses what it does not know', () => {
    assert.equal(parseCli(['help', 'apply']).subject, 'apply');
    assert.equal(parseCli(['completion', 'zsh']).subject, 'zsh');
    assert.throws(() => parseCli(['help', 'aply']), /help: unknown command "aply"/);
    assert.throws(() => parseCli(['completion', 'fish']), /completion: say which shell/);
  });
});
