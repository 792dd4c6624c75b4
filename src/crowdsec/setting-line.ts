import type { CommandChange } from '../engine/types.js';

/**
 * Sets one top-level `key: value` line of a file that also holds a secret (the bouncer's API key,
 * the local API's password), on the server: golive never reads the secret nor shows it. Written to
 * a temporary file beside it and renamed over it, with the file's owner and mode; the journal keeps
 * the old bytes (`touches`).
 */
const SET_LINE = `f=$1 key=$2 value=$3
tmp=$(mktemp "$f.golive.XXXXXX") || exit 1
{ grep -v "^$key:" "$f"; printf '%s: %s\\n' "$key" "$value"; } >"$tmp"
chown --reference="$f" "$tmp" && chmod --reference="$f" "$tmp" && mv -f "$tmp" "$f" || { rm -f "$tmp"; exit 1; }`;

export function setSettingLine(path: string, key: string, value: string, why: string): CommandChange {
  return {
    kind: 'command',
    argv: ['sh', '-c', SET_LINE, 'sh', path, key, value],
    display: `set "${key}: ${value}" in ${path} (the rest of the file, its secret included, stays as it is and is not shown)`,
    why,
    touches: [path],
  };
}
