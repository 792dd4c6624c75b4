import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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
  });

  it('takes help COMMAND and completion SHELL, and refuses what it does not know', () => {
    assert.equal(parseCli(['help', 'apply']).subject, 'apply');
    assert.equal(parseCli(['completion', 'zsh']).subject, 'zsh');
    assert.throws(() => parseCli(['help', 'aply']), /help: unknown command "aply"/);
    assert.throws(() => parseCli(['completion', 'fish']), /completion: say which shell/);
  });
});
