import type { FileChange, FileState } from './types.js';

/**
 * The one way a step asks for a file: exactly `after` — content, mode, owner and group — or no
 * change when it already is, so a wrong mode or owner is repaired like wrong content.
 */
export function fileChange(path: string, before: FileState | null, after: FileState, why: string, display?: FileChange['display']): FileChange[] {
  if (before && sameFile(before, after)) return [];
  return [{ kind: 'file', path, before, after, why, ...(display && { display }) }];
}

export function sameFile(a: FileState, b: FileState): boolean {
  return a.content === b.content && a.mode === b.mode && a.owner === b.owner && a.group === b.group;
}

/** A file of root's, as golive writes its own configuration and scripts. */
export function rootFile(content: string, mode: number): FileState {
  return { content, mode, owner: 'root', group: 'root' };
}

/**
 * The undo that removes folders golive made, innermost first, once rollback has taken golive's
 * files out of them: one that still holds something stays, and since rollback runs every undo of a
 * run however far it got, a folder never made (or a link in its place) is not an error.
 */
export function removeEmptyFolders(folders: readonly string[]): string[] {
  return ['sh', '-c', 'for d in "$@"; do [ -d "$d" ] && [ ! -L "$d" ] || continue; rmdir --ignore-fail-on-non-empty -- "$d" || exit 1; done', 'sh', ...folders];
}
