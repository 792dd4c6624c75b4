import { type Document, isAlias, isMap, isScalar, isSeq, Scalar, type YAMLMap, YAMLSeq } from 'yaml';
import { InputError } from '../errors.js';

/**
 * Small edits of one mapping of a yaml Document that keep what is around them: comments, order,
 * anchors and quoting. A value that is an alias (`cap_add: *caps`) is shared with other services:
 * golive refuses to edit it rather than change them all, or silently unshare it.
 */

export function refuseAlias(node: unknown, where: string): void {
  if (isAlias(node)) {
    throw new InputError(`${where} is an alias (*${node.source}): editing it would change every service that shares it`, `write the value out in this service, or harden the anchor itself, then run golive again`);
  }
}

/** A new scalar that compose reads as text whatever YAML version: "5432:5432" plain is a number in YAML 1.1. */
export function quoted(value: string): Scalar {
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

/** Adds the missing values to the list at `key`; `inherited` is what a merge key already gives it. Returns the values added. */
export function addToList(document: Document, map: YAMLMap, key: string, wanted: readonly string[], inherited: readonly string[], same: (a: string, b: string) => boolean, where: string): string[] {
  const node = map.get(key, true);
  const present = isSeq(node) ? node.items.map(scalarText) : isScalar(node) ? [scalarText(node)] : inherited;
  const missing = wanted.filter((value, i) => wanted.findIndex((other) => same(other, value)) === i && !present.some((have) => same(have, value)));
  if (missing.length === 0) return [];
  refuseAlias(node, `${where}.${key}`);
  if (isSeq(node)) {
    for (const value of missing) node.add(newItem(document, value, node));
    return missing;
  }
  const list = new YAMLSeq();
  list.flow = true;
  for (const value of [...present, ...missing]) list.add(newItem(document, value, list));
  map.set(key, list);
  return missing;
}

/** A new list item styled as its neighbours are: quoted beside quoted ones, plain beside plain ones. */
function newItem(document: Document, value: string, list: YAMLSeq): Scalar {
  const neighbour = list.items.find(isScalar);
  const scalar = document.createNode(value) as Scalar;
  if (neighbour && neighbour.type !== Scalar.PLAIN) scalar.type = neighbour.type;
  if (!neighbour && /[:#]/.test(value)) scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

/** Sets a scalar value, keeping the node (its comment, its quoting) when there is one. */
export function setScalar(map: YAMLMap, key: string, value: string | number | boolean, where: string): void {
  const node = map.get(key, true);
  refuseAlias(node, `${where}.${key}`);
  if (isScalar(node)) {
    node.value = value;
    if (typeof value === 'string' && node.type === Scalar.PLAIN && /:/.test(value)) node.type = Scalar.QUOTE_DOUBLE;
    return;
  }
  map.set(key, typeof value === 'string' && /:/.test(value) ? quoted(value) : value);
}

export function scalarText(node: unknown): string {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : '';
}

/** The mapping at a path of own keys (deploy.resources.limits), or undefined. */
export function ownMap(map: YAMLMap, keys: readonly string[]): YAMLMap | undefined {
  let at: unknown = map;
  for (const key of keys) at = isMap(at) ? at.get(key, true) : undefined;
  return isMap(at) ? at : undefined;
}
