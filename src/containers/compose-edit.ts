import { type Document, isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { MAX_ALIASES } from '../audit/containers-compose.js';
import { InputError } from '../errors.js';
import type { ServiceAnswers } from './answers.js';
import { capabilityName } from './capabilities.js';
import { DEFAULT_CPUS, DEFAULT_MEMORY, type KnownImage, knownImage } from './known-images.js';
import { bindDatabasePortsToLoopback, exposedDatabasePorts } from './ports.js';
import { addToList, ownMap, refuseAlias, setScalar } from './yaml-nodes.js';

/**
 * The compose file hardened, edited through yaml's Document API so that what golive does not
 * change stays as written: comments, order, anchors, quoting. Per service: cap_drop ALL,
 * no-new-privileges, the capabilities its image needs back, read-only where safe, a user when asked,
 * memory and CPU limits, database ports on 127.0.0.1. Nothing already stricter is loosened.
 */

const NO_NEW_PRIVILEGES = 'no-new-privileges:true';

export interface Hardened {
  /** The new text; the same string when nothing changes. */
  readonly text: string;
  /** One line per service changed: what changed. */
  readonly changes: readonly string[];
  readonly notes: readonly string[];
}

type Effective = Record<string, unknown>;

export function hardenCompose(text: string, answers: Readonly<Record<string, ServiceAnswers>>): Hardened {
  const document = parseDocument(text, { merge: true, uniqueKeys: true });
  const services = servicesOf(document);
  const unknown = Object.keys(answers).filter((name) => !services.has(name));
  if (unknown.length) throw new InputError(`containers.services: the compose file has no service ${unknown.join(', ')}`, `its services are: ${[...services.keys()].join(', ')}`);
  const changes: string[] = [];
  const notes: string[] = [];
  for (const [name, map] of services) {
    const effective = (effectiveServices(document)[name] ?? {}) as Effective;
    const result = hardenService(document, map, effective, name, answers[name] ?? {});
    if (result.done.length) changes.push(`${name}: ${result.done.join('; ')}`);
    notes.push(...result.notes);
  }
  if (!changes.length) return { text, changes, notes };
  return { text: document.toString(stringifyOptions(text)), changes, notes };
}

/** The services: name → its own mapping. A whole service that is an alias is refused (see refuseAlias). */
function servicesOf(document: Document): Map<string, YAMLMap> {
  const error = document.errors[0];
  if (error) throw new InputError(`the compose file is not valid YAML (${error.code}${error.linePos ? ` at line ${error.linePos[0].line}` : ''})`, 'fix it (docker compose config shows where), then run golive again');
  effectiveServices(document);
  const node = document.get('services', true);
  if (!isMap(node)) throw new InputError('the compose file has no services: mapping', 'golive hardens the services of a compose file');
  const services = new Map<string, YAMLMap>();
  for (const pair of node.items) {
    const name = String((pair.key as { value?: unknown } | null)?.value ?? pair.key);
    refuseAlias(pair.value, `services.${name}`);
    if (!isMap(pair.value)) throw new InputError(`services.${name} is not a mapping`, 'each service of a compose file is a mapping of its settings');
    services.set(name, pair.value);
  }
  return services;
}

/** The services as compose sees them, merge keys resolved; aliases capped (hostile input: no "billion laughs"). */
function effectiveServices(document: Document): Record<string, unknown> {
  let js: unknown;
  try {
    js = document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    throw new InputError(`the compose file is not readable as YAML (${error instanceof Error ? error.message : String(error)})`);
  }
  const services = (js as { services?: unknown } | null)?.services;
  return typeof services === 'object' && services !== null ? (services as Record<string, unknown>) : {};
}

function hardenService(document: Document, map: YAMLMap, effective: Effective, name: string, answers: ServiceAnswers): { done: string[]; notes: string[] } {
  const where = `services.${name}`;
  const image = knownImage(typeof effective.image === 'string' ? effective.image : undefined);
  const done: string[] = [];
  const notes: string[] = [];
  const sameCap = (a: string, b: string) => capabilityName(a) === capabilityName(b);
  if (addToList(document, map, 'cap_drop', ['ALL'], strings(effective.cap_drop), sameCap, where).length) done.push('cap_drop ALL');
  done.push(...securityOpt(document, map, effective, where));
  done.push(...userAndCaps(document, map, effective, answers, image, name));
  done.push(...readOnly(document, map, effective, answers, image, where, notes));
  done.push(...limits(map, effective, answers, image, where, notes));
  done.push(...ports(map, effective, where, notes));
  notes.push(...serviceNotes(effective, answers, image, name));
  return { done, notes };
}

function securityOpt(document: Document, map: YAMLMap, effective: Effective, where: string): string[] {
  const options = strings(effective.security_opt);
  if (options.some((o) => /^no-new-privileges([:=]true)?$/i.test(o.trim()))) return [];
  const node = map.get('security_opt', true);
  const off = isSeq(node) ? node.items.findIndex((item) => /^no-new-privileges[:=]false$/i.test(String((item as { value?: unknown }).value).trim())) : -1;
  if (isSeq(node) && off >= 0) {
    (node.items[off] as { value: unknown }).value = NO_NEW_PRIVILEGES;
    return ['no-new-privileges turned on'];
  }
  return addToList(document, map, 'security_opt', [NO_NEW_PRIVILEGES], options, (a, b) => a === b, where).length ? ['no-new-privileges'] : [];
}

/** The user answered, then the capabilities its image needs as that user, and those the answer gives back. */
function userAndCaps(document: Document, map: YAMLMap, effective: Effective, answers: ServiceAnswers, image: KnownImage | undefined, name: string): string[] {
  const where = `services.${name}`;
  const done: string[] = [];
  const current = effective.user === undefined || effective.user === null ? undefined : String(effective.user);
  if (answers.user && current !== answers.user) {
    setScalar(map, 'user', answers.user, where);
    done.push(`user ${answers.user}`);
  }
  const user = answers.user ?? current;
  const asRoot = user === undefined || ['root', '0'].includes(user.split(':')[0]!.trim());
  const wanted = [...(image?.always ?? []), ...(asRoot ? (image?.asRoot ?? []) : []), ...(answers.capAdd ?? [])];
  const added = addToList(document, map, 'cap_add', wanted, strings(effective.cap_add), (a, b) => capabilityName(a) === capabilityName(b), where);
  if (added.length) done.push(`cap_add ${added.join(', ')}`);
  return done;
}

function readOnly(document: Document, map: YAMLMap, effective: Effective, answers: ServiceAnswers, image: KnownImage | undefined, where: string, notes: string[]): string[] {
  const already = effective.read_only === true || /^(true|yes|on)$/i.test(String(effective.read_only ?? ''));
  const wanted = answers.readOnly ?? image?.readOnlyTmpfs !== undefined;
  if (already && answers.readOnly === false) notes.push(`${where}: read_only stays true (containers.services answers never loosen the file)`);
  if (!wanted && !already) return [];
  const done: string[] = [];
  if (!already) {
    setScalar(map, 'read_only', true, where);
    done.push('read_only');
  }
  const paths = [...(image?.readOnlyTmpfs ?? []), ...(answers.tmpfs ?? [])];
  const tmpfs = addToList(document, map, 'tmpfs', paths, strings(effective.tmpfs), (a, b) => a.split(':')[0] === b.split(':')[0], where);
  if (tmpfs.length) done.push(`tmpfs ${tmpfs.join(', ')}`);
  return done;
}

/**
 * mem_limit and cpus: docker-compose 1.29 and docker compose v2 both honour them, whatever the
 * file's version; deploy.resources.limits only counts for 1.29 with --compatibility. A limit set
 * under deploy is kept where it is (compose v2 refuses two different values for one limit).
 */
function limits(map: YAMLMap, effective: Effective, answers: ServiceAnswers, image: KnownImage | undefined, where: string, notes: string[]): string[] {
  const deploy = ownMap(map, ['deploy', 'resources', 'limits']);
  const deployed = record(record(record(effective.deploy).resources).limits);
  const memory = limit('mem_limit', 'memory', answers.memory, image?.memory ?? DEFAULT_MEMORY);
  const cpus = limit('cpus', 'cpus', answers.cpus, DEFAULT_CPUS);
  return [memory, cpus].filter((d): d is string => d !== undefined);

  function limit(key: string, deployKey: string, answer: string | number | undefined, fallback: string | number): string | undefined {
    const current = isSet(deployed[deployKey]) ? deployed[deployKey] : isSet(effective[key]) ? effective[key] : key === 'cpus' && isSet(effective.cpu_quota) ? effective.cpu_quota : undefined;
    if (current !== undefined && (answer === undefined || String(current).toLowerCase() === String(answer).toLowerCase())) return undefined;
    if (current !== undefined && isSet(deployed[deployKey]) && answer !== undefined) {
      if (!deploy) {
        notes.push(`${where}: ${deployKey} is limited under a merged deploy: section; golive leaves it at ${String(current)}`);
        return undefined;
      }
      setScalar(deploy, deployKey, answer, `${where}.deploy.resources.limits`);
      return `deploy limit ${deployKey} ${answer}`;
    }
    setScalar(map, key, answer ?? fallback, where);
    return `${key} ${answer ?? fallback}`;
  }
}

function ports(map: YAMLMap, effective: Effective, where: string, notes: string[]): string[] {
  const exposed = exposedDatabasePorts(Array.isArray(effective.ports) ? effective.ports : []);
  if (!exposed.length) return [];
  const node = map.get('ports', true);
  refuseAlias(node, `${where}.ports`);
  if (!isSeq(node)) {
    notes.push(`${where}: publishes ${exposed.join(', ')} on every address from a merged anchor; bind them to 127.0.0.1 there`);
    return [];
  }
  const moved = bindDatabasePortsToLoopback(node);
  return moved.length ? [`${moved.join(', ')} on 127.0.0.1 only`] : [];
}

function serviceNotes(effective: Effective, answers: ServiceAnswers, image: KnownImage | undefined, name: string): string[] {
  const user = answers.user ?? (effective.user === undefined || effective.user === null ? undefined : String(effective.user));
  const notes: string[] = [];
  if (!image) {
    const what = typeof effective.image === 'string' ? `image ${effective.image}` : 'built here';
    notes.push(`${name} (${what}) is not in golive's table: it gets no capability back. If it does not start, give back what it needs with containers.services.${name}.capAdd: NET_BIND_SERVICE to listen below port 1024 as non-root, SETUID and SETGID when its entrypoint switches user (gosu, su-exec), CHOWN when it chowns its data`);
  }
  if (strings(effective.cap_add).some((cap) => capabilityName(cap) === 'ALL')) notes.push(`${name} has cap_add: ALL, which gives every capability back: golive leaves it; remove it by hand`);
  if (user === undefined && image?.user) notes.push(`${name} runs as root until its entrypoint drops to ${image.user}: containers.services.${name}.user: ${image.user} runs it as that user from the start (its data must then be owned by it)`);
  else if (user === undefined) notes.push(`${name} sets no user: it runs as its image's user (root unless the image says otherwise); containers.services.${name}.user sets one`);
  return notes;
}

/** Options that write the document back as it was indented: sequences under a key indented or not, like the source. */
function stringifyOptions(text: string): { indentSeq: boolean; lineWidth: number; flowCollectionPadding: boolean } {
  const flat = /^( *)[^\s#-][^\n]*:[ \t]*\n\1- /m.test(text);
  return { indentSeq: !flat, lineWidth: 0, flowCollectionPadding: false };
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v) => typeof v === 'string' || typeof v === 'number').map(String) : [];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A limit that limits: "512m", 0.5; not 0, "0" or empty. */
function isSet(value: unknown): boolean {
  const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
  return text !== '' && !/^0*(\.0*)?$/.test(text);
}
