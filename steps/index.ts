import type { AnyStep } from '../src/engine/types.js';
import { backupStep } from './backup.js';
import { fail2banStep } from './fail2ban.js';
import { firewallStep } from './firewall.js';
import { secretsStep } from './secrets.js';
import { sshStep } from './ssh.js';
import { updatesStep } from './updates.js';

/** The steps golive implements, in the order they run. */
export const STEPS: readonly AnyStep[] = [secretsStep, firewallStep, sshStep, fail2banStep, updatesStep, backupStep];
