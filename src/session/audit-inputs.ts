import type { AuditInputs } from '../engine/types.js';
import { firstDomain } from '../tls/answers.js';
import type { AuditAnswers } from './answers-file.js';

/** Where the audit looks: the .env the secrets step names, the audit section's compose file, and the site's first name (tls.domains). */
export function auditInputs(steps: Readonly<Record<string, unknown>>, audit: AuditAnswers): AuditInputs {
  const envFile = (steps.secrets as { envFile?: unknown } | undefined)?.envFile;
  const tlsServerName = firstDomain(steps.tls);
  return { envFile: typeof envFile === 'string' ? envFile : undefined, composeFile: audit.composeFile, ...(tlsServerName && { tlsServerName }) };
}
