import type { AuditFinding, AuditItem } from '../engine/types.js';
import { type AlgorithmKind, MODERN } from './algorithms.js';
import type { EffectiveConfig } from './effective-config.js';

export const SSH_AUDIT_ITEMS: readonly AuditItem[] = [{ id: 'ssh.hardened', title: 'SSH hardened (keys only, no root, AllowUsers, modern algorithms)', fix: 'golive apply --only ssh' }];

/** What sshd really does (`sshd -T`), against the checklist: each shortfall named. */
export function sshFindings(effective: { readonly ok: true; readonly config: EffectiveConfig } | { readonly ok: false; readonly error: string }): AuditFinding[] {
  const [item] = SSH_AUDIT_ITEMS as [AuditItem];
  if (!effective.ok) return [{ ...item, status: 'unknown', evidence: `sshd -T failed: ${effective.error}` }];
  const value = (keyword: string) => (effective.config.get(keyword) ?? []).join(' ');
  const shortfalls = [
    ...(['passwordauthentication', 'kbdinteractiveauthentication'] as const).filter((k) => value(k) !== 'no').map((k) => `${k} ${value(k) || 'unset'}`),
    ...(['no', 'prohibit-password', 'without-password'].includes(value('permitrootlogin')) ? [] : [`permitrootlogin ${value('permitrootlogin') || 'unset'}`]),
    ...(value('allowusers') ? [] : ['no allowusers']),
    ...(Object.keys(MODERN) as AlgorithmKind[]).flatMap((kind) => {
      const weak = value(kind).split(',').filter((name) => name && !(MODERN[kind] as readonly string[]).includes(name));
      return weak.length > 0 ? [`${kind} allows ${weak.join(', ')}`] : [];
    }),
  ];
  return [
    {
      ...item,
      status: shortfalls.length === 0 ? 'pass' : 'fail',
      evidence: shortfalls.length === 0 ? `sshd -T: passwordauthentication no, permitrootlogin ${value('permitrootlogin')}, allowusers ${value('allowusers')}, modern algorithms only` : `sshd -T: ${shortfalls.join('; ')}`,
    },
  ];
}
