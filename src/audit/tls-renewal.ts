import type { AuditFinding, CommandFact } from '../engine/types.js';
import { type Handshake, NO_SESSION } from './tls-handshake.js';

/** What renews certificates by itself: Caddy (it renews its own), or certbot's timer or cron job. */
export interface Renewers {
  readonly caddyActive: boolean;
  readonly certbotTimerEnabled: boolean;
  readonly certbotCron: boolean;
}

export const caddyActiveFact: CommandFact<boolean> = {
  argv: ['systemctl', 'is-active', 'caddy.service'],
  parse: (output) => output.stdout.trim() === 'active',
};

export const certbotTimerFact: CommandFact<boolean> = {
  argv: ['systemctl', 'is-enabled', 'certbot.timer'],
  parse: (output) => output.stdout.trim() === 'enabled',
};

export const certbotCronFact: CommandFact<boolean> = {
  argv: ['test', '-f', '/etc/cron.d/certbot'],
  parse: (output) => output.exitCode === 0,
};

export const RENEWAL_ITEM = {
  id: 'tls.renewal',
  title: 'Certificates renew by themselves',
  fix: 'golive apply --only tls',
} as const;

export function judgeRenewal(handshake: Handshake, renewers: Renewers): AuditFinding {
  const finding = (status: AuditFinding['status'], evidence: string): AuditFinding => ({ ...RENEWAL_ITEM, status, evidence });
  if (handshake.state !== 'done') return finding('unknown', `${NO_SESSION}, so no certificate to renew`);
  const found = [
    renewers.caddyActive && 'caddy.service is active (Caddy renews its certificates itself)',
    renewers.certbotTimerEnabled && 'certbot.timer is enabled',
    renewers.certbotCron && '/etc/cron.d/certbot exists',
  ].filter((text): text is string => typeof text === 'string');
  if (found.length > 0) return finding('pass', found.join('; '));
  return finding('warn', 'HTTPS is served, but caddy.service is not active, certbot.timer is not enabled and there is no /etc/cron.d/certbot: whatever made the certificate, nothing golive knows renews it');
}
