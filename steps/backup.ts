import { cronScheduleProblem } from '../src/backup/cron-schedule.js';
import { type BackupKey, readKeyFile } from '../src/backup/key-file.js';
import { BACKUP_AUDIT_ITEMS, backupFindings, newestBackup, parseRestoreTestRecord } from '../src/backup/audit.js';
import { BACKUP_CONFIG_DIR, BACKUP_CRON, BACKUP_KEYRING, BACKUP_SCRIPT, type BackupAnswers, databaseAccess, RECIPIENT_KEY_FILE, RESTORE_TEST_RECORD, type RestoreTestRecord, SOURCES } from '../src/backup/job.js';
import { clientShellLine, LIST_DATABASES, queryArgv } from '../src/backup/postgres.js';
import { optionalText } from '../src/answers/question-text.js';
import { readSection } from '../src/answers/section.js';
import { show, validateOneOf, validateWholeNumber } from '../src/answers/validators.js';
import { fileChange, removeEmptyFolders, rootFile } from '../src/engine/file-change.js';
import type { Change, Check, Fact, FileState, Question, Step, StepPlan } from '../src/engine/types.js';
import { GoliveError, InputError, NotConfiguredError } from '../src/errors.js';
import { fileFact } from '../src/facts/file.js';
import { installPackages, missingPackagesFact } from '../src/facts/packages.js';
import { quoteArg } from '../src/target/quote.js';
import { readTemplate, renderTemplate } from '../src/templates.js';

const PACKAGES = ['gnupg', 'cron'];

/** A folder as it is: null when absent; `symlink` when the path is a link (never chmod'ed through). */
type Directory = { readonly mode: number; readonly owner: string; readonly group: string; readonly empty: boolean } | 'symlink' | null;

export interface BackupFacts {
  /** The databases the job's own connection sees, or why it could not connect. */
  readonly databases: { readonly names: readonly string[] } | { readonly error: string };
  readonly missingPackages: readonly string[];
  readonly script: FileState | null;
  readonly cron: FileState | null;
  readonly recipientFile: FileState | null;
  /** Fingerprints in the job's keyring. */
  readonly keyring: readonly string[];
  readonly directories: Readonly<Record<string, Directory>>;
  /** Why the backup folder's parents are not root's alone (each one a reason), or nothing. */
  readonly unsafeParents: readonly string[];
  /** The newest backup in the folder: "EPOCH SIZE PATH", or ''. */
  readonly latestBackup: string;
  /** golive's last restore test on this server. */
  readonly restoreTest: RestoreTestRecord | undefined;
}

const ANSWER_KEYS = ['source', 'composeDir', 'composeService', 'database', 'dbUser', 'gpgPublicKeyFile', 'gpgRecipient', 'dir', 'schedule', 'retentionDays'] as const;
type RawAnswers = { -readonly [K in (typeof ANSWER_KEYS)[number]]?: BackupAnswers[K] } & { key?: BackupKey };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/;
const SERVICE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const SAFE_PATH = /^(\/[A-Za-z0-9._@+-]+)+$/;
// chmod 0700 and chown root on one of these would break the system or lock its users out.
const SYSTEM_DIRS = new Set(['/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/lib64', '/media', '/mnt', '/opt', '/proc', '/root', '/run', '/sbin', '/srv', '/sys', '/tmp', '/usr', '/var', '/var/lib', '/var/tmp', '/var/log']);

function validateIdentifier(value: unknown, field: string, what: string): string {
  if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
    throw new InputError(`${field}: ${show(value)} is not a ${what} golive accepts`, 'use letters, digits, _ and -, starting with a letter or _, at most 63 characters');
  }
  return value;
}

function validateFolder(value: unknown, field: string): string {
  const path = typeof value === 'string' ? value.replace(/\/+$/, '') : value;
  if (typeof path !== 'string' || !SAFE_PATH.test(path) || path.split('/').some((part) => part === '.' || part === '..')) {
    throw new InputError(`${field}: ${show(value)} is not an absolute folder path`, 'like /backups: letters, digits and . _ @ + - between slashes, no .. parts');
  }
  return path;
}

function parseAnswers(raw: unknown, field: string): RawAnswers {
  const section = readSection(raw, field, ANSWER_KEYS);
  const answers: RawAnswers = {};
  if (section.source !== undefined) answers.source = validateOneOf(section.source, SOURCES, `${field}.source`);
  if (section.composeDir !== undefined) answers.composeDir = validateFolder(section.composeDir, `${field}.composeDir`);
  if (section.composeService !== undefined) {
    if (typeof section.composeService !== 'string' || !SERVICE.test(section.composeService)) throw new InputError(`${field}.composeService: ${show(section.composeService)} is not a compose service name`);
    answers.composeService = section.composeService;
  }
  if (section.database !== undefined) answers.database = validateIdentifier(section.database, `${field}.database`, 'database name');
  if (section.dbUser !== undefined) answers.dbUser = validateIdentifier(section.dbUser, `${field}.dbUser`, 'PostgreSQL role name');
  if (section.dir !== undefined) {
    answers.dir = validateFolder(section.dir, `${field}.dir`);
    if (SYSTEM_DIRS.has(answers.dir) || answers.dir === '') throw new InputError(`${field}.dir: ${show(section.dir)} is a system folder; golive makes the backup folder root's only (0700)`, 'use a folder of its own, like /backups');
  }
  if (section.schedule !== undefined) {
    const problem = typeof section.schedule === 'string' ? cronScheduleProblem(section.schedule) : 'it is not text';
    if (problem) throw new InputError(`${field}.schedule: ${show(section.schedule)} is not a cron schedule: ${problem}`, 'like "0 2 * * *" (every day at 02:00) or "@daily"');
    answers.schedule = (section.schedule as string).trim().replace(/\s+/g, ' ');
  }
  if (section.retentionDays !== undefined) {
    answers.retentionDays = validateWholeNumber(section.retentionDays, `${field}.retentionDays`, 1, 3650, 'a number of days from 1 to 3650');
  }
  if (section.gpgRecipient !== undefined) {
    if (typeof section.gpgRecipient !== 'string' || !/^(\S+@\S+\.\S+|(0x)?[0-9A-Fa-f]{16}|[0-9A-Fa-f ]{40,50})$/.test(section.gpgRecipient.trim())) {
      throw new InputError(`${field}.gpgRecipient: ${show(section.gpgRecipient)} is not an e-mail address, fingerprint or long key ID`);
    }
    answers.gpgRecipient = section.gpgRecipient.trim();
  }
  if (section.gpgPublicKeyFile !== undefined) {
    if (typeof section.gpgPublicKeyFile !== 'string' || section.gpgPublicKeyFile.trim() === '') throw new InputError(`${field}.gpgPublicKeyFile: ${show(section.gpgPublicKeyFile)} is not a file path`);
    answers.gpgPublicKeyFile = section.gpgPublicKeyFile;
    answers.key = readKeyFile(section.gpgPublicKeyFile, answers.gpgRecipient, `${field}.gpgPublicKeyFile`);
  }
  return answers;
}

function facts(answers: Partial<BackupAnswers>): { readonly [K in keyof BackupFacts]: Fact<BackupFacts[K]> } {
  const dir = answers.dir ?? '/backups';
  return {
    databases: {
      argv: queryArgv(databaseAccess(answers), 'postgres', LIST_DATABASES),
      parse: (o) => (o.exitCode === 0 ? { names: o.stdout.split('\n').filter(Boolean) } : { error: o.stderr.trim().split('\n').join('; ') || `exit ${o.exitCode}` }),
    },
    missingPackages: missingPackagesFact(PACKAGES),
    script: fileFact(BACKUP_SCRIPT),
    cron: fileFact(BACKUP_CRON),
    recipientFile: fileFact(RECIPIENT_KEY_FILE),
    keyring: {
      argv: ['sh', '-c', '[ -d "$1" ] || exit 0; gpg --batch --homedir "$1" --with-colons --list-keys 2>/dev/null', 'sh', BACKUP_KEYRING],
      parse: (o) => o.stdout.split('\n').filter((l) => l.startsWith('fpr:')).map((l) => l.split(':')[9] ?? ''),
    },
    directories: {
      argv: [
        'sh',
        '-c',
        'for d in "$@"; do if [ -L "$d" ]; then echo "symlink - - - $d"; elif [ -d "$d" ]; then printf "%s %s\\n" "$(stat -c "%a %U %G" -- "$d")" "$([ -z "$(ls -A -- "$d")" ] && echo empty || echo full) $d"; else echo "absent - - - $d"; fi; done',
        'sh',
        BACKUP_CONFIG_DIR,
        dir,
      ],
      parse: (o) =>
        Object.fromEntries(
          o.stdout.split('\n').filter(Boolean).map((line): [string, Directory] => {
            const [mode, owner, group, fill, ...path] = line.split(' ');
            if (mode === 'absent') return [path.join(' '), null];
            if (mode === 'symlink') return [path.join(' '), 'symlink'];
            return [path.join(' '), { mode: parseInt(mode!, 8), owner: owner!, group: group!, empty: fill === 'empty' }];
          }),
        ),
    },
    unsafeParents: { argv: ['sh', '-c', PARENTS_SCRIPT, 'sh', dir], parse: (o) => parseParents(o.stdout) },
    latestBackup: {
      argv: ['sh', '-c', '[ -d "$1" ] || exit 0; find "$1" -maxdepth 1 -type f -name "*.dump.gpg" -printf "%T@ %s %p\\n" | sort -n | tail -n 1', 'sh', dir],
      parse: (o) => o.stdout.trim(),
    },
    restoreTest: { argv: ['sh', '-c', '[ -f "$1" ] && cat -- "$1"', 'sh', RESTORE_TEST_RECORD], parse: (o) => parseRestoreTestRecord(o.stdout) },
  };
}

/** Each folder above the backup folder: "uid mode type path", without following links; one stat for all (a missing one prints nothing). */
const PARENTS_SCRIPT = `p=$1
while :; do case "$p" in ?*/) p=\${p%/} ;; *) break ;; esac; done
set --
while [ "$p" != / ] && [ -n "$p" ]; do p=\${p%/*}; set -- "$@" "\${p:-/}"; done
[ $# -eq 0 ] || stat -c '%u %a %F %n' -- "$@" 2>/dev/null
exit 0`;

/**
 * A folder above the backup folder that someone other than root can change could have the backup
 * folder swapped for a link between golive's check and its chown, or before its rollback.
 */
function parseParents(stdout: string): string[] {
  return stdout.split('\n').filter(Boolean).flatMap((line) => {
    const [uid, mode, ...rest] = line.split(' ');
    const path = rest.join(' ').replace(/^(directory|symbolic link|missing -) /, '');
    if (uid === 'missing') return [];
    if (rest.join(' ').startsWith('symbolic link ')) return [`${path} is a symbolic link`];
    if (uid !== '0') return [`${path} belongs to uid ${uid}, not root`];
    if ((parseInt(mode ?? '0', 8) & 0o022) !== 0) return [`${path} is writable by others (${mode})`];
    return [];
  });
}

function resolveAnswers(answers: RawAnswers, facts: BackupFacts): BackupAnswers {
  if (!answers.gpgPublicKeyFile || !answers.key) {
    throw new NotConfiguredError('backup.gpgPublicKeyFile is not set: backups are encrypted to a public key of yours', 'export it with `gpg --armor --export YOU > backup-key.asc` and set backup.gpgPublicKeyFile');
  }
  const source = answers.source ?? 'local';
  if (source === 'docker-compose' && (!answers.composeDir || !answers.composeService)) {
    throw new InputError('backup.source is docker-compose: backup.composeDir and backup.composeService are needed too', 'the folder of the compose file and the PostgreSQL service in it');
  }
  const database = answers.database ?? soleDatabase(facts);
  return {
    source,
    composeDir: answers.composeDir,
    composeService: answers.composeService,
    database,
    dbUser: answers.dbUser ?? 'postgres',
    gpgPublicKeyFile: answers.gpgPublicKeyFile,
    gpgRecipient: answers.gpgRecipient ?? answers.key.fingerprint,
    dir: answers.dir ?? '/backups',
    schedule: answers.schedule ?? '0 2 * * *',
    retentionDays: answers.retentionDays ?? 30,
    key: answers.key,
  };
}

/** With one application database on the server, that is the one to back up. */
function soleDatabase(facts: BackupFacts): string {
  if ('error' in facts.databases) throw unreachable(facts.databases.error);
  const candidates = facts.databases.names.filter((name) => name !== 'postgres');
  if (candidates.length !== 1) {
    throw new NotConfiguredError('backup.database is not set', candidates.length === 0 ? 'the server has no database besides postgres' : `the server has: ${candidates.join(', ')}`);
  }
  return candidates[0]!;
}

function unreachable(error: string): GoliveError {
  return new GoliveError(`backup: cannot reach PostgreSQL the way the backup job would: ${error}`, 'check backup.source, backup.dbUser (and composeDir, composeService); local backups connect through the postgres account');
}

function plan(facts: BackupFacts, answers: BackupAnswers): StepPlan {
  const base = { stepId: 'backup' as const, title: `Encrypted backups of ${answers.database} (pg_dump | gpg)` };
  if ('error' in facts.databases) throw unreachable(facts.databases.error);
  if (!facts.databases.names.includes(answers.database)) {
    throw new InputError(`backup.database: "${answers.database}" does not exist on the server`, `the databases there: ${facts.databases.names.join(', ') || 'none'}`);
  }
  const wanted = desiredFiles(answers);
  const changes: Change[] = [];
  const undo: string[][] = [];
  if (facts.missingPackages.length > 0) changes.push(installPackages(facts.missingPackages, 'gpg encrypts the backups, cron runs them'));
  if (facts.directories[BACKUP_CONFIG_DIR] === 'symlink') throw new GoliveError(`${BACKUP_CONFIG_DIR} is a symbolic link; golive keeps the backup job's keyring in a folder of its own`);
  if (!facts.directories[BACKUP_CONFIG_DIR]) {
    changes.push({ kind: 'command', argv: ['install', '-d', '-m', '0700', '-o', 'root', '-g', 'root', BACKUP_CONFIG_DIR, BACKUP_KEYRING], why: "the backup job's key and keyring, root's only" });
    undo.push(['rm', '-rf', '--', BACKUP_CONFIG_DIR]);
  }
  changes.push(...fileChange(RECIPIENT_KEY_FILE, facts.recipientFile, rootFile(wanted.recipientKey, 0o644), `the public key backups are encrypted to (${answers.key.fingerprint})`));
  if (!facts.keyring.includes(answers.key.fingerprint)) {
    changes.push({
      kind: 'command',
      argv: ['gpg', '--batch', '--homedir', BACKUP_KEYRING, '--import', RECIPIENT_KEY_FILE],
      why: "import the public key into the backup job's keyring (never a private key)",
    });
  }
  if (facts.unsafeParents.length > 0) {
    throw new InputError(`backup.dir: ${answers.dir} is inside a folder that is not root's alone: ${facts.unsafeParents.join('; ')}`, 'put the backups in a folder whose parents only root can change, like /backups');
  }
  changes.push(...backupFolder(facts.directories[answers.dir] ?? null, answers.dir, undo));
  changes.push(...fileChange(BACKUP_SCRIPT, facts.script, rootFile(wanted.script, 0o700), 'pg_dump | gpg --encrypt into a temporary name, checked, then renamed; old backups deleted'));
  changes.push(...fileChange(BACKUP_CRON, facts.cron, rootFile(wanted.cron, 0o644), `run the backup at "${answers.schedule}"`));
  const notes = [latestBackupNote(facts.latestBackup)];
  if (changes.length === 0) return { ...base, changes, validations: [], reloads: [], notes: ['the backup job is in place', ...notes] };
  return {
    ...base,
    changes,
    validations: [
      { argv: ['bash', '-n', BACKUP_SCRIPT], what: 'backup script' },
      { argv: ['gpg', '--batch', '--homedir', BACKUP_KEYRING, '--trust-model', 'always', '--recipient', answers.key.fingerprint, '--output', '/dev/null', '--encrypt', '/dev/null'], what: 'encryption to the recipient' },
    ],
    reloads: [],
    undo,
    notes: [...notes, 'rollback leaves the backups already made; try a restore with: golive test-restore --private-key FILE'],
  };
}

function latestBackupNote(latest: string): string {
  const newest = newestBackup(latest);
  return newest ? `latest backup: ${newest.path} (${newest.size} bytes, ${Math.round(newest.hours)} h ago)` : 'no backup made yet';
}

/** The backup folder: created root's only, or its mode and owner made so (and put back by rollback). */
function backupFolder(current: Directory, dir: string, undo: string[][]): Change[] {
  if (current === 'symlink') throw new InputError(`backup.dir: ${dir} is a symbolic link`, 'give the folder it points to (readlink -f): golive never changes modes through a link');
  const lockedDown = current && current.owner === 'root' && current.group === 'root' && current.mode === 0o700;
  if (current && !current.empty && !lockedDown) {
    // Making someone's folder root's only (a home, /var/www, a database's data) would break what uses it.
    throw new InputError(
      `backup.dir: ${dir} already holds files and is ${current.owner}:${current.group} ${current.mode.toString(8)}; golive makes the backup folder root's only (0700)`,
      `give a new or empty folder, like /backups; or, if it is only for backups: chown root:root ${dir} && chmod 0700 ${dir}`,
    );
  }
  if (!current) {
    undo.push(removeEmptyFolders([dir]));
    return [{ kind: 'command', argv: ['install', '-d', '-m', '0700', '-o', 'root', '-g', 'root', dir], why: "the backup folder, root's only" }];
  }
  if (lockedDown) return [];
  undo.push(['sh', '-c', RESTORE_FOLDER, 'sh', `${current.owner}:${current.group}`, current.mode.toString(8), dir]);
  return [{ kind: 'command', argv: ['sh', '-c', TAKE_FOLDER, 'sh', dir], display: `chown -h root:root ${dir} && chmod 0700 ${dir}`, why: `backups are root's only (it is ${current.owner}:${current.group} ${current.mode.toString(8)})` }];
}

/** Never through a link; and an empty folder must still be empty once it is root's (nobody slipped a link in). */
const TAKE_FOLDER = `[ -d "$1" ] && [ ! -L "$1" ] || { echo "golive: $1 is not a folder" >&2; exit 1; }
chown -h root:root -- "$1" && chmod 0700 -- "$1"
[ -z "$(ls -A -- "$1")" ] || { echo "golive: files appeared in $1 while golive took it over" >&2; exit 1; }`;
const RESTORE_FOLDER = `[ -d "$3" ] && [ ! -L "$3" ] || exit 0
chown -h -- "$1" "$3" && chmod -- "$2" "$3"`;

export function desiredFiles(answers: BackupAnswers): { script: string; cron: string; recipientKey: string } {
  const dumpCommand = clientShellLine(databaseAccess(answers), 'pg_dump', ['--format=custom', `--dbname=${answers.database}`]);
  const script = renderTemplate(readTemplate('backup/golive-backup'), {
    database: quoteArg(answers.database),
    dir: quoteArg(answers.dir),
    retentionDays: String(answers.retentionDays),
    fingerprint: answers.key.fingerprint,
    keyIds: quoteArg(answers.key.keyIds.join(' ')),
    dumpCommand,
  });
  const cron = renderTemplate(readTemplate('backup/golive-backup.cron'), { database: answers.database, dir: answers.dir, schedule: answers.schedule });
  return { script, cron, recipientKey: answers.key.armored };
}

function verify(facts: BackupFacts, answers: BackupAnswers): Check[] {
  const wanted = desiredFiles(answers);
  const found = facts.directories[answers.dir];
  const folder = found === 'symlink' ? null : found;
  const file = (name: string, state: FileState | null, content: string, mode: number): Check => ({
    name,
    ok: state?.content === content && state.mode === mode,
    detail: state ? `${state.mode.toString(8)} ${state.owner}` : 'missing',
  });
  return [
    file(`backup script ${BACKUP_SCRIPT}`, facts.script, wanted.script, 0o700),
    file(`schedule ${BACKUP_CRON}`, facts.cron, wanted.cron, 0o644),
    { name: 'recipient key in the job keyring', ok: facts.keyring.includes(answers.key.fingerprint), detail: answers.key.fingerprint },
    { name: `backup folder ${answers.dir}`, ok: folder?.mode === 0o700 && folder.owner === 'root', detail: folder ? `${folder.mode.toString(8)} ${folder.owner}` : 'missing' },
    { name: `database ${answers.database} reachable`, ok: 'names' in facts.databases && facts.databases.names.includes(answers.database), detail: 'error' in facts.databases ? facts.databases.error : `as ${answers.dbUser}` },
  ];
}


const questions: Question[] = [
  { key: 'source', label: 'Where PostgreSQL runs', help: 'local: on the server; docker-compose: in a compose service', choices: [...SOURCES], toText: (v) => optionalText.toText(v ?? 'local'), fromText: (t) => t },
  { key: 'composeDir', label: 'Compose folder (docker-compose only)', help: 'the folder holding the compose file', ...optionalText },
  { key: 'composeService', label: 'Compose service (docker-compose only)', help: 'the PostgreSQL service in that file', ...optionalText },
  { key: 'database', label: 'Database to back up', help: 'empty: the only application database on the server', ...optionalText },
  { key: 'dbUser', label: 'PostgreSQL role for pg_dump', help: 'default postgres', ...optionalText },
  { key: 'gpgPublicKeyFile', label: 'Public key file (armored, on this machine)', help: 'gpg --armor --export YOU > backup-key.asc; the private key never leaves you', ...optionalText },
  { key: 'gpgRecipient', label: 'Recipient (e-mail or fingerprint)', help: 'empty: the key in the file', ...optionalText },
  { key: 'dir', label: 'Backup folder', help: "made root's only (0700)", ...optionalText },
  { key: 'schedule', label: 'Schedule (cron)', help: 'minute hour day month weekday, like "0 2 * * *"', ...optionalText },
  { key: 'retentionDays', label: 'Keep backups for (days)', help: 'older ones are deleted after each backup', ...optionalText },
];

export const backupStep: Step<BackupAnswers, BackupFacts> = {
  id: 'backup',
  title: 'Backups',
  checklist: ['Database backups encrypted and scheduled', 'Backup restore tested'],
  questions,
  parseAnswers,
  facts,
  resolveAnswers,
  plan,
  verify,
  auditItems: BACKUP_AUDIT_ITEMS,
  audit: (facts) => backupFindings(facts),
  savedAnswers: ({ key: _key, ...answers }) => answers,
};
