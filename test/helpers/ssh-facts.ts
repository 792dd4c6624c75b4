import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sshStep, type SshFacts } from '../../steps/ssh.js';
import { type Account, parseAccounts } from '../../src/sshd/accounts.js';
import type { ConfigFile } from '../../src/sshd/config-files.js';
import type { StepContext } from '../../src/engine/types.js';
import { readOutput } from './facts.js';
import { REPO_ROOT } from './test-server.js';

/** SshFacts built by the step's own parsers from output captured on a stock Debian 12 test server. */

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'debian12');
export const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

export const overSsh = (loginUser: string): StepContext => ({ loginUser, targetKind: 'ssh', connectionPort: 22, sessionUser: loginUser });

export function configFile(path: string, content: string): ConfigFile {
  return { path, content, owner: 'root', group: 'root', mode: 0o644 };
}

/** UFW_SCRIPT's output on a stock Debian 12 test server. */
export const STOCK_UFW = `Status: inactive\n@@added\nAdded user rules (see 'ufw status' for running firewall):\n(None)\n@@defaults\nIPV6=yes\nDEFAULT_INPUT_POLICY="DROP"\nDEFAULT_OUTPUT_POLICY="ACCEPT"\nDEFAULT_FORWARD_POLICY="DROP"\n`;

export const CLOUD_DROP_IN = configFile('/etc/ssh/sshd_config.d/50-cloud-init.conf', 'PasswordAuthentication yes\nPermitRootLogin yes\n');

export function debian12Facts(overrides: Partial<SshFacts> = {}, loginUser = 'deploy'): SshFacts {
  const facts = sshStep.facts({}, overSsh(loginUser));
  const ok = (stdout: string) => ({ exitCode: 0, stdout, stderr: '' });
  return {
    effective: readOutput(facts.effective, ok(fixture('sshd-T.txt'))),
    files: new Map([
      ['/etc/ssh/sshd_config', configFile('/etc/ssh/sshd_config', fixture('sshd_config'))],
      [CLOUD_DROP_IN.path, CLOUD_DROP_IN],
    ]),
    hostKeys: ['/etc/ssh/ssh_host_ecdsa_key', '/etc/ssh/ssh_host_ed25519_key', '/etc/ssh/ssh_host_rsa_key'],
    supported: readOutput(facts.supported, ok(fixture('ssh-Q.txt'))),
    services: readOutput(facts.services, ok(fixture('systemctl-show.txt'))),
    accounts: readOutput(facts.accounts, ok(fixture('accounts.txt'))),
    // ufw installed but off, no jail.local, fail2ban failed (no auth.log), sshd on 22 and PostgreSQL on 127.0.0.1:5432.
    listeners: readOutput(facts.listeners, ok(fixture('proc-net-tcp.txt'))),
    ufw: readOutput(facts.ufw, ok(STOCK_UFW)),
    jailLocal: null,
    fail2banActive: false,
    ...overrides,
  };
}

/**
 * Accounts captured on a test server beside deploy: app (group sudo, locked password), ops
 * (NOPASSWD for /usr/bin/systemctl only), admin2 (group sudo, password set), multi (ALL only as
 * postgres or as anyone but root) — each with the admin's key.
 */
export function withAdmins(facts: SshFacts): SshFacts {
  const admins = parseAccounts(fixture('accounts-admins.txt'), []);
  return { ...facts, accounts: new Map<string, Account>([...facts.accounts, ...admins]) };
}

export const atConsole: StepContext = { loginUser: 'root', targetKind: 'local', connectionPort: undefined, sessionUser: undefined };
