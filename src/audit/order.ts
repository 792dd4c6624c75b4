import type { AuditFinding } from '../engine/types.js';

/** The go-live checklist's order: who logs in, what is secret, what is reachable, what keeps it so, what is left behind. */
const AREAS = ['auth', 'secrets', 'tls', 'firewall', 'ssh', 'fail2ban', 'updates', 'crowdsec', 'containers', 'backup', 'monitoring', 'scan', 'intrusion'];

/** Findings in checklist order (by the area before the id's dot); within an area, as their module lists them. */
export function inChecklistOrder(findings: readonly AuditFinding[]): AuditFinding[] {
  const rank = (finding: AuditFinding) => {
    const index = AREAS.indexOf(finding.id.split('.')[0]!);
    return index < 0 ? AREAS.length : index;
  };
  return findings.map((finding, index) => ({ finding, index })).sort((a, b) => rank(a.finding) - rank(b.finding) || a.index - b.index).map(({ finding }) => finding);
}
