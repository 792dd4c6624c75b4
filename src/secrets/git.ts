import { basename, dirname } from 'node:path';
import { SPLIT_PATH_FUNCTION } from '../engine/no-follow.js';
import type { CommandChange, CommandFact, FileState } from '../engine/types.js';
import { quoteCommand } from '../target/quote.js';
import { lineEnding } from './env-file.js';

/**
 * Whether the .env file is inside a git work tree, tracked, or ignored. The repository belongs to
 * the app's user, and git runs code its config names (core.fsmonitor, hooks, a pager, includes):
 * so git runs as the owner of the .env's folder — never as root — with none of that switched on,
 * no system or global config, and a clean environment. Then nothing the app's user wrote there
 * runs with more rights than that user already has.
 */

export interface GitFacts {
  /** The work tree's top folder. */
  readonly top: string;
  readonly topOwner: string;
  /** In the index: its content is in the repository (and its history once committed). */
  readonly tracked: boolean;
  /** A .gitignore rule matches it (tracked or not). */
  readonly ignored: boolean;
  /** The index file `git rm --cached` rewrites: journaled, so rollback puts it back. */
  readonly index: string;
}

/** A clean environment: no system or global config, no prompts, no pager. */
const GIT_ENV = ['PATH=/usr/sbin:/usr/bin:/sbin:/bin', 'HOME=/nonexistent', 'LC_ALL=C', 'GIT_CONFIG_NOSYSTEM=1', 'GIT_CONFIG_GLOBAL=/dev/null', 'GIT_TERMINAL_PROMPT=0', 'GIT_OPTIONAL_LOCKS=0'];
/** Off whatever the repository's config says: the settings that make git run a program. */
const GIT_SAFE = ['--no-pager', '-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'safe.directory=*'];

/** git as `user`, in `folder`, with nothing from the repository's config that runs a program. */
export function gitAs(user: string, folder: string, args: readonly string[]): string[] {
  return ['runuser', '-u', user, '--', 'env', '-i', ...GIT_ENV, 'git', ...GIT_SAFE, '-C', folder, ...args];
}

const GIT_FACTS = `command -v git >/dev/null 2>&1 || exit 0
${SPLIT_PATH_FUNCTION}
split_path "$1"
f=$n
[ -d "$d" ] || exit 0
# git finds its work tree by a .git (folder or file) here or in a folder above: none, nothing to ask git.
p=$d
until [ -e "$p/.git" ] || [ -L "$p/.git" ]; do [ "$p" = / ] && exit 0; p=\${p%/*}; p=\${p:-/}; done
owner=$(stat -c %U -- "$d")
g() { runuser -u "$owner" -- env -i ${quoteCommand(GIT_ENV)} git ${quoteCommand(GIT_SAFE)} -C "$d" "$@"; }
top=$(g rev-parse --show-toplevel 2>/dev/null) || exit 0
printf 'top %s\\n' "$top"
printf 'index %s\\n' "$(g rev-parse --path-format=absolute --git-path index)"
stat -c 'owner %U' -- "$top"
g ls-files --error-unmatch -- "$f" >/dev/null 2>&1 && echo tracked
g check-ignore -q --no-index -- "$f" && echo ignored
exit 0`;

/** null when git is missing or the file's folder is not in a work tree. */
export function gitFact(envFile: string): CommandFact<GitFacts | null> {
  return {
    argv: ['sh', '-c', GIT_FACTS, 'sh', envFile],
    parse: (output) => {
      const lines = output.stdout.split('\n');
      const field = (name: string) => lines.find((l) => l.startsWith(`${name} `))?.slice(name.length + 1);
      const top = field('top');
      if (top === undefined) return null;
      return { top, topOwner: field('owner') ?? 'root', index: field('index') ?? `${top}/.git/index`, tracked: lines.includes('tracked'), ignored: lines.includes('ignored') };
    },
  };
}

/** The untrack command as a person would type it. */
export function untrackText(git: GitFacts, envFile: string): string {
  return `sudo -u ${git.topOwner} git -C ${quoteCommand([dirname(envFile)])} rm --cached -- ${quoteCommand([basename(envFile)])}`;
}

export function gitignorePath(envFile: string): string {
  return `${dirname(envFile)}/.gitignore`;
}

/** The rule that ignores exactly this file: anchored to its folder, glob characters escaped. */
export function ignoreRule(envFile: string): string {
  return `/${basename(envFile).replace(/[\\*?[!#]/g, '\\$&')}`;
}

/** The .gitignore with the rule appended; the rest stays byte for byte. */
export function withIgnoreRule(gitignore: FileState | null, envFile: string, folderOwner: { owner: string; group: string }): FileState {
  if (!gitignore) return { content: `${ignoreRule(envFile)}\n`, mode: 0o644, ...folderOwner };
  const eol = lineEnding(gitignore.content);
  const separator = gitignore.content === '' || gitignore.content.endsWith('\n') ? '' : eol;
  return { ...gitignore, content: `${gitignore.content}${separator}${ignoreRule(envFile)}${eol}` };
}

/** `git rm --cached` run as the repository's owner, so the index it rewrites keeps its owner. */
export function untrackCommand(git: GitFacts, envFile: string): CommandChange {
  return {
    kind: 'command',
    argv: gitAs(git.topOwner, dirname(envFile), ['rm', '--cached', '--quiet', '--', basename(envFile)]),
    display: untrackText(git, envFile),
    why: 'stop tracking the file; it stays on disk, and its history stays in the repository',
    touches: [git.index],
  };
}
