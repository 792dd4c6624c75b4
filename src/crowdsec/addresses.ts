import { isIP } from 'node:net';
import { InputError } from '../errors.js';
import { show } from '../answers/validators.js';

/** The ranges CrowdSec's own whitelist spares (crowdsecurity/whitelists), besides loopback. */
export const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] as const;

/** An IPv4 or IPv6 address, or a CIDR range of either: what a CrowdSec whitelist takes. */
export function validateAddressOrRange(value: unknown, field: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  const [address = '', prefix, ...rest] = text.split('/');
  const family = isIP(address);
  const bits = family === 4 ? 32 : 128;
  const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
  if (family === 0 || !prefixOk || rest.length > 0) {
    throw new InputError(`${field}: ${show(value)} is not an IP address or CIDR range`, 'use addresses like 203.0.113.7 or 2001:db8::7, or ranges like 203.0.113.0/24');
  }
  return text;
}

export function isRange(entry: string): boolean {
  return entry.includes('/');
}
