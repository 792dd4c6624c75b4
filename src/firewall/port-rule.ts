import { InputError } from '../errors.js';
import { show } from '../answers/validators.js';

/** A firewall rule's port: `22/tcp`, `53/udp`; a bare number means tcp. */
export interface PortRule {
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
}

export function formatRule(rule: PortRule): string {
  return `${rule.port}/${rule.protocol}`;
}

export function parsePortRule(value: unknown, field: string): PortRule {
  const text = typeof value === 'number' ? String(value) : rememberedRule(value) ?? value;
  const match = typeof text === 'string' ? /^(\d{1,5})(?:\/(tcp|udp))?$/.exec(text.trim()) : null;
  const port = match ? Number(match[1]) : NaN;
  if (!match || port < 1 || port > 65535) {
    throw new InputError(`${field}: ${show(value)} is not a port rule`, 'use PORT, PORT/tcp or PORT/udp, with a port from 1 to 65535');
  }
  return { port, protocol: (match[2] ?? 'tcp') as PortRule['protocol'] };
}

/** `{port, protocol}`: how golive 0.1 remembered a rule in its local settings, read as `PORT/PROTOCOL`. */
function rememberedRule(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { port, protocol, ...rest } = value as Record<string, unknown>;
  return Object.keys(rest).length === 0 && typeof port === 'number' && (protocol === 'tcp' || protocol === 'udp') ? `${port}/${protocol}` : undefined;
}

export function parsePortRules(value: unknown, field: string): PortRule[] {
  const list = typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value;
  if (!Array.isArray(list)) throw new InputError(`${field}: expected a list of port rules, got ${show(value)}`);
  const rules = list.map((item) => parsePortRule(item, field));
  return rules.filter((rule, index) => rules.findIndex((r) => formatRule(r) === formatRule(rule)) === index);
}
