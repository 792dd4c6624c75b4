import { InputError } from '../errors.js';
import { validateHostName, validatePort, validateUserName } from '../answers/validators.js';

export interface HostSpec {
  readonly host: string;
  readonly port: number | undefined;
  readonly user: string | undefined;
}

/** Parses `--host [USER@]HOST[:PORT]`; an IPv6 address with a port goes in brackets: `[::1]:2222`. */
export function parseHostSpec(text: string): HostSpec {
  const at = text.lastIndexOf('@');
  const user = at >= 0 ? validateUserName(text.slice(0, at), '--host user') : undefined;
  const rest = at >= 0 ? text.slice(at + 1) : text;
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(rest);
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2];
  } else if ((rest.match(/:/g) ?? []).length === 1) {
    [host = '', portText] = rest.split(':');
  } else {
    host = rest;
  }
  if (host === '') throw new InputError(`--host: ${JSON.stringify(text)} names no host`, 'use [USER@]HOST[:PORT]');
  validateHostName(host, '--host');
  const port = portText === undefined ? undefined : validatePort(portText, '--host port');
  return { host, port, user };
}
