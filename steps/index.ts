import type { AnyStep } from '../src/engine/types.js';
import { backupStep } from './backup.js';
import { baselineStep } from './baseline.js';
import { containersStep } from './containers.js';
import { crowdsecStep } from './crowdsec.js';
import { fail2banStep } from './fail2ban.js';
import { firewallStep } from './firewall.js';
import { secretsStep } from './secrets.js';
import { sshStep } from './ssh.js';
import { tlsStep } from './tls.js';
import { updatesStep } from './updates.js';

/**
 * The steps golive implements, in the order they run (as in STEP_IDS). ssh comes before firewall
 * and fail2ban: they open and watch the port sshd is to listen on, which they learn from its plan.
 */
export const STEPS: readonly AnyStep[] = [secretsStep, sshStep, firewallStep, fail2banStep, crowdsecStep, tlsStep, containersStep, baselineStep, updatesStep, backupStep];
