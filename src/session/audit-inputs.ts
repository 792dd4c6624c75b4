import type { AuditInputs } from '../engine/types.js';
import type { AuditAnswers } from './answers-file.js';

/** Where the audit looks: the .env the secrets step names, and the audit section's compose file. */
export function auditInputs(steps: Readonly<Record<string, unknown>>, audit: AuditAnswers): AuditInputs {
  const envFile = (steps.secrets as { envFile?: unknown } | undefined)?.envFile;
  return { envFile: typeof envFile === 'string' ? envFile : undefined, composeFile: audit.composeFile };
}
