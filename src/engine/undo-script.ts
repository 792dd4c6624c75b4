import { quoteCommand } from '../target/quote.js';
import { HASH_FUNCTION, PUT_FUNCTION } from './remote-fs.js';
import { JOURNAL_ROOT, type Manifest } from './journal.js';
import { LOCK_FILE } from './run-lock.js';

/**
 * The run's undo, as a shell script kept in its journal folder: the ONE way a run is undone.
 * `golive rollback`, a failed apply and the server's undo timer all run it; it prints what it did,
 * one tab-separated line per fact, and golive reads that as the rollback's report.
 *
 *   sh undo.sh           the timer: waits for the run lock, then does nothing if golive confirmed the run
 *   sh undo.sh golive    golive (which holds the run lock already); `golive force` restores changed files too
 *
 * Files go back in reverse order (a file changed since the run is left alone unless forced),
 * created files are removed, then the steps' undo commands and saved state; the restored configs are
 * validated, and services reloaded only when every validation passes.
 */
export function undoScript(manifest: Manifest): string {
  const dir = `${JOURNAL_ROOT}/${manifest.runId}`;
  return [
    '#!/bin/sh',
    `# Written by golive for run ${manifest.runId}. Run by golive rollback, or by the undo timer.`,
    `d=${quoteCommand([dir])}`,
    PUT_FUNCTION,
    HELPERS,
    ENTRY,
    ...[...manifest.files].reverse().map((file) =>
      quoteCommand(['undo_file', file.path, file.backup && file.before ? `${dir}/${file.backup}` : '', file.before?.uid ?? '', file.before?.gid ?? '', file.before ? file.before.mode.toString(8) : '', file.before?.sha256 ?? 'absent', file.afterSha256 ?? '']),
    ),
    `if [ "$touched" = yes ] || [ ${manifest.snapshots.length > 0 ? 'yes' : 'no'} = yes ]; then`,
    ...manifest.undo.map((argv) => `  run_or_report undo-failed ${quoteCommand(argv)}`),
    ...manifest.snapshots.map((s) => `  run_or_report undo-failed ${quoteCommand(['sh', '-c', '"$@" <"$0"', `${dir}/snapshots/${s.name}`, ...s.restore])}`),
    '  :',
    'fi',
    'if [ "$touched" = yes ]; then',
    ...manifest.validations.map((argv) => `  run_or_report validation-failed ${quoteCommand(argv)}`),
    '  :',
    '  if [ "$valid" = yes ]; then',
    ...manifest.reloads.map((argv) => `    run_or_report reload-failed ${quoteCommand(argv)}`),
    '    :',
    '  fi',
    'fi',
    FINISH,
  ].join('\n').concat('\n');
}

/**
 * One undo at a time per run (decision.lock). The timer first waits for golive's run lock (its
 * holder lets go within seconds of golive dying or its link dropping), then does nothing when golive
 * wrote "confirmed" under the same decision lock: a timer that fires late never undoes a good run.
 */
const ENTRY = `mode=\${1:-timer} force=\${2:-}
touched=no valid=yes complete=yes
if [ "$mode" = timer ]; then
  exec 8>>${LOCK_FILE}
  flock -w 900 8 || true
fi
exec 7>>"$d/decision.lock"
flock 7
if [ "$mode" = timer ]; then
  ( set -C; echo undone >"$d/decision" ) 2>/dev/null || { [ "$(cat "$d/decision")" = confirmed ] && exit 0; }
else
  echo undone >"$d/decision"
fi`;

const HELPERS = `${HASH_FUNCTION}
report() { printf '%s' "$1"; shift; for f in "$@"; do printf '\\t%s' "$(printf '%s' "$f" | tr '\\t\\n' '  ')"; done; echo; }
# undo_file PATH BACKUP UID GID MODE BEFORE_SHA AFTER_SHA (AFTER_SHA empty: made by a command, content unknown)
undo_file() {
  cur=$(hash_of "$1")
  if [ "$cur" = "$6" ]; then report file unchanged "$1"; return; fi
  if [ -z "$force" ] && { { [ -n "$7" ] && [ "$cur" != "$7" ]; } || { [ -z "$7" ] && [ "$cur" = absent ]; }; }; then
    report file changed-since "$1" 'changed since this run; left alone (use --force to restore it anyway)'; complete=no; return
  fi
  if [ -n "$2" ]; then out=$(put "$2" "$1" "$3" "$4" "$5" 2>&1) && outcome=restored; else out=$(remove "$1" 2>&1) && outcome=removed; fi || outcome=failed
  [ "$outcome" = failed ] && complete=no
  touched=yes
  report file "$outcome" "$1" "$out"
}
run_or_report() {
  kind=$1; shift
  out=$("$@" 2>&1 </dev/null) && return
  complete=no; [ "$kind" = validation-failed ] && valid=no
  report "$kind" "$*" "$(printf '%s' "$out" | tail -n 3)"
}`;

const FINISH = `status=rolled-back; [ "$complete" = yes ] || status=rollback-incomplete
sed -i "0,/\\"status\\": \\"[a-z-]*\\"/s//\\"status\\": \\"$status\\"/" "$d/manifest.json"
[ "$mode" = timer ] && { echo "golive: run undone by its timer ($status)" | systemd-cat -t golive 2>/dev/null || true; }
report done "$status"`;
