import { COMMAND_USAGE, OPTION_SECTIONS, OPTION_USAGE, optionSpelling } from './usage.js';

/** golive(1), in roff, from the same lists as --help (scripts/man.js writes it at build time). */
export function manPage(version: string): string {
  const lines = [
    `.TH GOLIVE 1 "" "golive ${roff(version)}" "User Commands"`,
    '.SH NAME',
    'golive \\- take a Linux server through its go\\-live security checklist, safely',
    '.SH SYNOPSIS',
    ...COMMAND_USAGE.flatMap((c) => ['.B golive', ...(c.name === 'wizard' ? [] : [`.B ${roff(c.name)}`]), ...(c.args ? [roff(c.args)] : []), '.br']),
    '.SH DESCRIPTION',
    'golive shows the go\\-live checklist with the live state of each item on the server, previews every change (a unified diff of each file, each command),',
    'applies it on confirmation, verifies the result on the server, and can roll any run back. It works on this machine, or on a server over SSH.',
    '.SH COMMANDS',
    ...COMMAND_USAGE.flatMap((c) => ['.TP', `.B ${roff(c.name === 'wizard' ? 'golive' : c.name)}${c.args ? ` ${roff(c.args)}` : ''}`, roff(c.summary.join(' ')).replace(/`/g, '')]),
    '.SH OPTIONS',
    ...OPTION_SECTIONS.flatMap((section) => [
      `.SS ${section}`,
      ...OPTION_USAGE.filter((o) => o.section === section).flatMap((o) => ['.TP', `.B ${roff(optionSpelling(o))}`, roff(o.text.join(' '))]),
    ]),
    '.SH EXIT STATUS',
    '0 done (plan: nothing to change; audit: no item fails), 2 plan: changes pending, or an audit item fails, 1 any error, 130 interrupted.',
    'With \\-\\-inventory: 1 when any host failed, else the highest of the hosts\'.',
    '.SH ENVIRONMENT',
    '.TP',
    '.B NO_COLOR',
    'turns colours off; output is plain when standard output is not a terminal.',
    '.TP',
    '.B SSH_AUTH_SOCK',
    'the ssh\\-agent golive logs in with when no \\-\\-identity is given.',
    '.SH FILES',
    '.TP',
    '.B ./golive.yml',
    'the answers, read when present (\\-\\-config names another).',
    '.TP',
    '.B /var/lib/golive/runs',
    'on the server: the journal of every run, what rollback restores from.',
    '.SH SEE ALSO',
    'ssh(1), sshd_config(5), ufw(8), fail2ban\\-client(1), ansible\\-playbook(1)',
  ];
  return `${lines.join('\n')}\n`;
}

/** Text as roff prints it: backslashes and dashes escaped, no line read as a request. */
function roff(text: string): string {
  return text.replace(/\\/g, '\\e').replace(/-/g, '\\-').replace(/^([.'])/, '\\&$1');
}
