import { posix } from 'node:path';
import { readSection } from '../answers/section.js';
import { show, validateBoolean } from '../answers/validators.js';
import { InputError } from '../errors.js';
import { capabilityName, LINUX_CAPABILITIES } from './capabilities.js';

/** One service's answers (containers.services.NAME). */
export interface ServiceAnswers {
  readonly capAdd?: readonly string[];
  readonly readOnly?: boolean;
  readonly tmpfs?: readonly string[];
  readonly user?: string;
  readonly memory?: string;
  readonly cpus?: number;
}

export interface ContainersAnswers {
  /** The app's compose file, absolute. */
  readonly composeFile: string;
  readonly services: Readonly<Record<string, ServiceAnswers>>;
  /** Run `docker compose up -d` after the edit: recreates the changed containers. */
  readonly restart: boolean;
}

const ANSWER_KEYS = ['composeFile', 'services', 'restart'] as const;
const SERVICE_KEYS = ['capAdd', 'readOnly', 'tmpfs', 'user', 'memory', 'cpus'] as const;
/** Compose's own rule for a service's name. */
const SERVICE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$/;

export function parseContainersAnswers(raw: unknown, field: string): Partial<ContainersAnswers> {
  const section = readSection(raw, field, ANSWER_KEYS);
  const answers: { -readonly [K in keyof ContainersAnswers]?: ContainersAnswers[K] } = {};
  if (section.composeFile !== undefined) answers.composeFile = validateComposePath(section.composeFile, `${field}.composeFile`);
  if (section.restart !== undefined) answers.restart = validateBoolean(section.restart, `${field}.restart`);
  if (section.services !== undefined && section.services !== null) {
    const services = readSection(section.services, `${field}.services`, Object.keys(section.services as object));
    answers.services = Object.fromEntries(Object.entries(services).map(([name, value]) => [name, parseService(name, value, `${field}.services`)]));
  }
  return answers;
}

export function validateComposePath(value: unknown, field: string): string {
  const hint = 'the compose file as an absolute path on the server, like /srv/app/docker-compose.yml';
  if (typeof value !== 'string' || !value.startsWith('/')) throw new InputError(`${field}: ${show(value)} is not an absolute path`, hint);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value) || posix.normalize(value) !== value || value.endsWith('/') || value.split('/').includes('..')) {
    throw new InputError(`${field}: ${show(value)} is not a plain absolute path (no .., no double or trailing slash, no control characters)`, hint);
  }
  return value;
}

function parseService(name: string, raw: unknown, field: string): ServiceAnswers {
  if (!SERVICE_NAME.test(name)) throw new InputError(`${field}: ${show(name)} is not a compose service name`, 'letters, digits, ".", "_" and "-"');
  const where = `${field}.${name}`;
  const section = readSection(raw, where, SERVICE_KEYS);
  return {
    ...(section.capAdd !== undefined && { capAdd: listOf(section.capAdd, `${where}.capAdd`, validateCapability) }),
    ...(section.readOnly !== undefined && { readOnly: validateBoolean(section.readOnly, `${where}.readOnly`) }),
    ...(section.tmpfs !== undefined && { tmpfs: listOf(section.tmpfs, `${where}.tmpfs`, validateTmpfsPath) }),
    ...(section.user !== undefined && { user: validateContainerUser(section.user, `${where}.user`) }),
    ...(section.memory !== undefined && { memory: validateMemory(section.memory, `${where}.memory`) }),
    ...(section.cpus !== undefined && { cpus: validateCpus(section.cpus, `${where}.cpus`) }),
  };
}

function listOf<T>(value: unknown, field: string, each: (item: unknown, field: string) => T): T[] {
  if (!Array.isArray(value)) throw new InputError(`${field}: ${show(value)} is not a list`, 'write it as a list: [A, B]');
  return value.map((item, i) => each(item, `${field}[${i}]`));
}

export function validateCapability(value: unknown, field: string): string {
  const name = typeof value === 'string' ? capabilityName(value) : '';
  if (name === 'ALL') throw new InputError(`${field}: ALL gives back every capability`, 'name the capabilities the service needs, like NET_BIND_SERVICE');
  if (!LINUX_CAPABILITIES.includes(name)) throw new InputError(`${field}: ${show(value)} is not a Linux capability`, `like NET_BIND_SERVICE, CHOWN, SETUID, SETGID (capabilities(7))`);
  return name;
}

export function validateTmpfsPath(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^\/[A-Za-z0-9._/-]*$/.test(value) || posix.normalize(value) !== value || value.split('/').includes('..')) {
    throw new InputError(`${field}: ${show(value)} is not an absolute path in the container`, 'like /tmp or /var/run/postgresql');
  }
  return value;
}

/** "1000:1000", "1000", "app", "app:app"; never root. */
export function validateContainerUser(value: unknown, field: string): string {
  const text = typeof value === 'number' ? String(value) : value;
  const part = '(?:\\d{1,10}|[a-z_][a-z0-9_-]{0,31})';
  if (typeof text !== 'string' || !new RegExp(`^${part}(?::${part})?$`).test(text)) {
    throw new InputError(`${field}: ${show(value)} is not a user for a container`, 'write "uid:gid", like "1000:1000", or a user name the image has');
  }
  const user = text.split(':')[0]!;
  if (user === 'root' || Number(user) === 0) throw new InputError(`${field}: ${text} is root`, 'name a non-root user, like "1000:1000"');
  return text;
}

/** Docker's sizes: 512m, 1g, 1.5g; at least 6 MiB, Docker's own minimum. */
export function validateMemory(value: unknown, field: string): string {
  const match = typeof value === 'string' ? /^(\d+(?:\.\d+)?)([kmg])$/.exec(value.trim().toLowerCase()) : null;
  const bytes = match ? Number(match[1]) * 1024 ** ('kmg'.indexOf(match[2]!) + 1) : 0;
  if (!match || bytes < 6 * 1024 ** 2 || bytes > 1024 ** 4) throw new InputError(`${field}: ${show(value)} is not a memory size`, 'like 512m or 2g (at least 6m)');
  return match[0];
}

export function validateCpus(value: unknown, field: string): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0 || number > 1024) {
    throw new InputError(`${field}: ${show(value)} is not a number of CPUs`, 'like 1 or 1.5');
  }
  return number;
}
