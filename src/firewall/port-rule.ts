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
  const text = typeof value === 'number' ? String(value) : value;
  const match = typeof text === 'string' ? /^(\d{1,5})(?:\/(tcp|udp))?$/.exec(text.trim()) : null;
  const port = match ? Number(match[1]) : NaN;
  if (!match || port < 1 || port > 65535) {
    throw new InputError(`${field}: ${show(value)} is not a port rule`, 'use PORT, PORT/tcp or PORT/udp, with a port from 1 to 65535');
  }
  return { port, protocol: (match[2] ?? 'tcp') as PortRule['protocol'] };
}

export function parsePortRules(value: unknown, field: string): PortRule[] {
  const list = typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value;
  if (!Array.isArray(list)) throw new InputError(`${field}: expected a list of port rules, got ${show(value)}`);
  const rules = list.map((item) => parsePortRule(item, field));
  return rules.filter((rule, index) => rules.findIndex((r) => formatRule(r) === formatRule(rule)) === index);
}
