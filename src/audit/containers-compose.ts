import { parseDocument } from 'yaml';
import { type ContainerSettings, type Flag, type PublishedPort, portRange, shown } from './containers-settings.js';

/**
 * A compose file, parsed on the admin's side as hostile input: it lives in the app user's folder,
 * so every byte may be crafted. Aliases are capped (no "billion laughs"), duplicate keys refused, and
 * an error names only its kind and place: yaml's own message quotes the source, and the source
 * might be another file's content.
 */

/** Enough for a compose file that uses anchors for shared settings; far below what explodes. */
export const MAX_ALIASES = 200;

export type ComposeParse = { readonly services: readonly ContainerSettings[] } | { readonly reason: string };

export function parseCompose(text: string): ComposeParse {
  const document = parseDocument(text, { merge: true, uniqueKeys: true });
  const error = document.errors[0];
  if (error) {
    const place = error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
    return { reason: `not valid YAML (${error.code}${place})` };
  }
  let top: unknown;
  try {
    top = document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    return { reason: `not readable as YAML (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!isMapping(top) || !isMapping(top.services)) return { reason: 'no services: section (a mapping of services)' };
  const services: ContainerSettings[] = [];
  for (const [name, service] of Object.entries(top.services)) {
    if (service !== null && !isMapping(service)) return { reason: `service ${shown(name)} is not a mapping` };
    services.push(serviceSettings(shown(name), service ?? {}));
  }
  return { services };
}

function serviceSettings(name: string, service: Record<string, unknown>): ContainerSettings {
  const limits = path(service, ['deploy', 'resources', 'limits']);
  return {
    name,
    user: scalar(service.user),
    capDrop: strings(service.cap_drop),
    securityOpt: strings(service.security_opt),
    readOnly: flag(service.read_only),
    privileged: flag(service.privileged),
    memoryLimit: isSet(service.mem_limit) || (isMapping(limits) && isSet(limits.memory)),
    cpuLimit: isSet(service.cpus) || isSet(service.cpu_quota) || (isMapping(limits) && isSet(limits.cpus)),
    mountSources: list(service.volumes).map(volumeSource).filter((source): source is string => source !== undefined),
    networkMode: scalar(service.network_mode),
    pidMode: scalar(service.pid),
    ports: list(service.ports).map(composePort),
  };
}

/** A `ports:` entry: "5432", "5432:5432", "127.0.0.1:5432:5432", "[::1]:5432:5432/tcp", 5432, or the long syntax. */
export function composePort(entry: unknown): PublishedPort {
  if (isMapping(entry)) {
    const published = scalar(entry.published);
    const address = scalar(entry.host_ip) ?? '';
    const text = shown(`${address ? `${address}:` : ''}${published ?? ''}${published ? ':' : ''}${scalar(entry.target) ?? '?'}`);
    return { address, host: published ? portRange(published) : undefined, container: portRange(scalar(entry.target) ?? ''), text, variable: text.includes('$') };
  }
  const text = scalar(entry) ?? '';
  const [address, host, container] = splitShortPort(text);
  return { address, host: host ? portRange(host) : undefined, container: portRange(container), text: shown(text), variable: text.includes('$') };
}

/** [address, host port, container port] of the short syntax; '' where a part is not given. */
function splitShortPort(text: string): [string, string, string] {
  const bracketed = /^\[([^\]]*)\]:(.*)$/.exec(text);
  if (bracketed) {
    const [host = '', container = ''] = bracketed[2]!.split(':');
    return [bracketed[1]!, host, container];
  }
  const parts = text.split(':');
  if (parts.length === 1) return ['', '', parts[0]!];
  if (parts.length === 2) return ['', parts[0]!, parts[1]!];
  return [parts.slice(0, -2).join(':'), parts[parts.length - 2]!, parts[parts.length - 1]!];
}

/** The host path of a bind mount ("/var/run/docker.sock:/var/run/docker.sock:ro", or the long syntax); undefined for a named volume. */
function volumeSource(entry: unknown): string | undefined {
  const source = isMapping(entry) ? scalar(entry.source) : scalar(entry)?.split(':')[0];
  return source !== undefined && (source.startsWith('/') || source.startsWith('.') || source.startsWith('~')) ? source : undefined;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function path(value: unknown, keys: readonly string[]): unknown {
  return keys.reduce((at, key) => (isMapping(at) ? at[key] : undefined), value);
}

function scalar(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function strings(value: unknown): string[] {
  return list(value).map(scalar).filter((text): text is string => text !== undefined);
}

/** Compose reads "true", "yes", "on" as true, as Go's parsers do; a `${VAR}` is left unresolved. */
function flag(value: unknown): Flag {
  if (value === true) return true;
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (text.includes('$')) return 'variable';
  return ['true', 'yes', 'on', 'y', '1'].includes(text);
}

/** A limit that limits: "512m", 0.5; not 0, "0" or empty. */
function isSet(value: unknown): boolean {
  const text = scalar(value)?.trim() ?? '';
  return text !== '' && !/^0*(\.0*)?$/.test(text);
}
