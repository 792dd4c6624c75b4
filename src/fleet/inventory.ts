import type { StepId } from '../engine/types.js';
import { InputError } from '../errors.js';
import { readSection } from '../answers/section.js';
import { naming, parseYaml, readAnswersObject, readTextFile, type UncheckedAnswers } from '../session/answers-file.js';

/**
 * An inventory (`--inventory hosts.yml`): the servers of a fleet, each with its own answers.
 *
 *   hosts:
 *     web1: {target: {host: 203.0.113.10, user: deploy}, ssh: {allowUsers: [deploy, ops]}}
 *   groups:
 *     web: {hosts: [web1], firewall: {allow: [22/tcp, 80/tcp, 443/tcp]}}
 *
 * A host's answers are golive.yml's, then its groups' (in the file's order), then its own: a key
 * given at a narrower level replaces the same key of a broader one, whole (a list is not merged).
 * Every key is checked as in golive.yml; the steps' sections once the steps are loaded.
 */

export interface InventoryHost {
  readonly name: string;
  readonly answers: UncheckedAnswers;
}

/** A name that reads well in a table and in JSON, and never as an option or a path. */
const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export function readInventory(path: string, shared: UncheckedAnswers): InventoryHost[] {
  return parseInventory(readTextFile(path, '--inventory'), path, shared);
}

export function parseInventory(text: string, source: string, shared: UncheckedAnswers): InventoryHost[] {
  return naming(source, () => {
    const top = readSection(parseYaml(text), '', ['hosts', 'groups']);
    const hosts = readSection(top.hosts, 'hosts', Object.keys(mapping(top.hosts, 'hosts')));
    const names = Object.keys(hosts);
    if (names.length === 0) throw new InputError('hosts: the inventory names no host', 'hosts:\n  web1:\n    target: {host: 203.0.113.10, user: deploy}');
    for (const name of names) {
      if (!HOST_NAME.test(name)) throw new InputError(`hosts: ${JSON.stringify(name)} is not a host name`, 'letters, digits, dots, dashes and underscores, starting with a letter or digit');
    }
    const groups = Object.entries(readSection(top.groups, 'groups', Object.keys(mapping(top.groups, 'groups')))).map(([group, raw]) => {
      const answers = readAnswersObject(raw, source, `groups.${group}`, ['hosts']);
      if (answers.target.host !== undefined) throw new InputError(`groups.${group}.target.host: a group's hosts each have their own address`, `give target.host under hosts.NAME`);
      return { group, members: members(raw, group, names), answers };
    });
    return names.map((name) => {
      const own = readAnswersObject(hosts[name], source, `hosts.${name}`);
      const layers = [shared, ...groups.filter((g) => g.members.includes(name)).map((g) => g.answers), own];
      const answers = merge(layers, `${source}: host ${name}`);
      if (answers.target.host === undefined) throw new InputError(`hosts.${name}.target.host: missing`, 'each host needs the address golive connects to');
      return { name, answers };
    });
  });
}

function mapping(raw: unknown, path: string): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(`${path}: expected a mapping, got ${JSON.stringify(raw)}`);
  return raw as Record<string, unknown>;
}

function members(raw: unknown, group: string, names: readonly string[]): string[] {
  const list = (raw as { hosts?: unknown } | null)?.hosts ?? [];
  if (!Array.isArray(list) || list.some((entry) => typeof entry !== 'string')) throw new InputError(`groups.${group}.hosts: expected a list of host names`);
  const unknown = list.filter((entry: string) => !names.includes(entry));
  if (unknown.length > 0) throw new InputError(`groups.${group}.hosts: no host ${unknown.map((u) => JSON.stringify(u)).join(', ')} under hosts`);
  return list as string[];
}

/** Broader layers first: each key of a section from the narrowest layer that gives it. */
function merge(layers: readonly UncheckedAnswers[], source: string): UncheckedAnswers {
  const sections: Partial<Record<StepId, Record<string, unknown>>> = {};
  for (const layer of layers) {
    for (const [id, section] of Object.entries(layer.sections) as [StepId, Record<string, unknown>][]) sections[id] = { ...sections[id], ...section };
  }
  return {
    source,
    target: Object.assign({}, ...layers.map((layer) => definedOnly(layer.target))),
    audit: Object.assign({}, ...layers.map((layer) => definedOnly(layer.audit))),
    sections,
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
