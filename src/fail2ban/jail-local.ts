/**
 * golive's /etc/fail2ban/jail.local (templates/fail2ban/jail.local): recognised by its first line,
 * and its sshd jail's port line rewritten in place when sshd moves and the fail2ban step is not in
 * the run.
 */

export const JAIL_LOCAL = '/etc/fail2ban/jail.local';

const GOLIVE_HEADER = '# Managed by golive';

export function isGolivesJail(content: string): boolean {
  return content.startsWith(GOLIVE_HEADER);
}

/** The `port = …` line of the [sshd] section set to these ports; every other byte stays. */
export function withSshdJailPorts(content: string, ports: readonly number[]): string {
  let section = '';
  return content
    .split('\n')
    .map((line) => {
      const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
      if (header) section = header[1]!.trim();
      return section === 'sshd' && /^\s*port\s*=/.test(line) ? `port = ${ports.join(',')}` : line;
    })
    .join('\n');
}
