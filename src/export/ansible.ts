import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { allChanges, type Change, type Phase, type StepPlan } from '../engine/types.js';
import { LOCKOUT_CHECK } from './lockout-check.js';

/**
 * golive's plans in Ansible's terms: one role per host, made only from the plans' data (files,
 * commands, validations, reloads, the fresh-login check), so a new step exports without code here.
 *  - a file: `copy` with the same bytes, owner and mode, `backup: true`;
 *  - a command: `command` with the same argv in the C locale, run once: its step's stamp under
 *    STAMPS is written after the step's commands, so a second run changes nothing (Ansible does not
 *    read the server as golive's probe does: a command a person later undid is not run again);
 *  - validations run before the reloads, only when the phase changed something, and so does a
 *    lockout check (LOCKOUT_CHECK) where the plan has a fresh-login check; reloads are handlers,
 *    flushed after them; a plan's fresh-login check becomes a new connection and a ping
 *    (with sudo) after the reload, before the phase that waits for it;
 *  - each phase is a block whose rescue undoes it (see undoTasks).
 * A step whose plan carries a secret (a file shown masked, a command fed on stdin) is left out, with
 * a note: its values would sit in the export in clear.
 */

export const STAMPS = '/var/lib/golive-ansible';

export interface ExportedFile {
  /** Relative to the export's folder. */
  readonly path: string;
  readonly content: string;
}

export interface Role {
  readonly files: readonly ExportedFile[];
  readonly notes: readonly string[];
}

type Task = Record<string, unknown>;

export function ansibleRole(host: string, plans: readonly StepPlan[]): Role {
  const tasks: Task[] = [];
  const handlers: Task[] = [];
  const files: ExportedFile[] = [];
  const notes: string[] = [];
  for (const plan of plans) {
    if (allChanges(plan).length === 0) continue;
    if (holdsSecrets(plan)) {
      notes.push(`${plan.stepId}: not exported, its plan holds secrets (run golive for it)`);
      continue;
    }
    const phases: [Phase, string][] = [[plan, plan.stepId], ...(plan.afterLogin ? [[plan.afterLogin, `${plan.stepId} (after the fresh login)`] as [Phase, string]] : [])];
    if (plan.changes.some((change) => change.kind === 'command') || plan.afterLogin?.changes.some((change) => change.kind === 'command')) {
      if (!tasks.some((task) => task.name === STAMPS_TASK)) tasks.push({ name: STAMPS_TASK, 'ansible.builtin.file': { path: STAMPS, state: 'directory', mode: '0700' } });
    }
    phases.forEach(([phase, label], n) => {
      if (phase.changes.length === 0) return;
      const registered = phase.changes.map((_, index) => `golive_${plan.stepId}_${n}_${index}`);
      const reloads = phase.reloads.map((argv) => `${label}: ${argv.join(' ')}`);
      const stamp = `${STAMPS}/${plan.stepId}-${n}-${hashOf(phase.changes)}`;
      const block: Task[] = [];
      phase.changes.forEach((change, index) => {
        if (change.kind === 'file') files.push({ path: `roles/${host}/files${change.path}`, content: change.after.content });
        block.push({ ...changeTask(change, label, stamp), register: registered[index], ...(reloads.length > 0 ? { notify: reloads } : {}) });
      });
      if (phase.changes.some((change) => change.kind === 'command')) {
        block.push({ name: `${label}: remember that its commands ran`, 'ansible.builtin.copy': { dest: stamp, content: '', mode: '0600' } });
      }
      const changed = registered.map((name) => `${name} is changed`).join(' or ');
      for (const validation of phase.validations) {
        block.push({ name: `${label}: check before reloading: ${short(validation.argv)}`, 'ansible.builtin.command': { argv: [...validation.argv] }, environment: C_LOCALE, changed_when: false, when: changed });
      }
      if (plan.loginCheck && reloads.length > 0) {
        const { user, port } = plan.loginCheck;
        block.push({ name: `${label}: lockout check before reloading: ${user} still gets in with a key on port ${port}`, 'ansible.builtin.command': { argv: ['sh', '-c', LOCKOUT_CHECK, 'sh', user, String(port)] }, environment: C_LOCALE, changed_when: false, when: changed });
      }
      handlers.push(...phase.reloads.map((argv, index) => ({ name: reloads[index], 'ansible.builtin.command': { argv: [...argv] }, environment: C_LOCALE })));
      const reloaded = `golive_${plan.stepId}_${n}_reloaded`;
      block.push({ name: `${label}: reload what changed`, 'ansible.builtin.meta': 'flush_handlers' });
      if (reloads.length > 0) block.push({ name: `${label}: remember the reloads ran`, 'ansible.builtin.set_fact': { [reloaded]: true }, when: changed });
      if (plan.loginCheck) {
        block.push({ name: `${label}: a fresh login as ${plan.loginCheck.user} still works`, 'ansible.builtin.meta': 'reset_connection' });
        block.push({ name: `${label}: log in again, with sudo`, 'ansible.builtin.wait_for_connection': { timeout: 30 }, when: changed });
      }
      tasks.push({ name: `${label}: golive's plan, undone if any of it fails`, block, rescue: undoTasks(phase, n === 0 ? (plan.undo ?? []) : [], label, registered, stamp, reloaded) });
    });
  }
  if (tasks.length === 0) tasks.push({ name: 'nothing to change', 'ansible.builtin.debug': { msg: 'golive planned no change for this host' } });
  files.push({ path: `roles/${host}/tasks/main.yml`, content: yamlFile(tasks) }, { path: `roles/${host}/handlers/main.yml`, content: yamlFile(handlers) });
  return { files, notes };
}

export interface InventoryEntry {
  readonly host: string;
  /** Undefined: this machine (Ansible's local connection). */
  readonly ssh?: { readonly address: string; readonly port: number; readonly user: string };
}

/** playbook.yml (each host its role, with sudo) and inventory.yml. */
export function ansiblePlaybook(entries: readonly InventoryEntry[]): ExportedFile[] {
  const plays = entries.map((entry) => ({ name: `golive's plan for ${entry.host}`, hosts: entry.host, become: true, gather_facts: false, roles: [entry.host] }));
  const hosts = Object.fromEntries(
    entries.map((entry) => [
      entry.host,
      entry.ssh
        ? { ansible_host: entry.ssh.address, ansible_port: entry.ssh.port, ansible_user: entry.ssh.user, ansible_python_interpreter: '/usr/bin/python3' }
        : { ansible_connection: 'local', ansible_python_interpreter: '/usr/bin/python3' },
    ]),
  );
  return [
    { path: 'playbook.yml', content: yamlFile(plays) },
    { path: 'inventory.yml', content: yamlFile({ all: { hosts } }) },
  ];
}

const C_LOCALE = { LC_ALL: 'C' };
const STAMPS_TASK = `a folder for the stamps of commands that ran (${STAMPS})`;

function changeTask(change: Change, label: string, stamp: string): Task {
  if (change.kind === 'file') {
    return {
      name: `${label}: ${change.path} (${change.why})`,
      'ansible.builtin.copy': { src: change.path.slice(1), dest: change.path, owner: change.after.owner, group: change.after.group, mode: change.after.mode.toString(8).padStart(4, '0'), backup: true },
    };
  }
  return { name: `${label}: ${change.display ?? short(change.argv)} (${change.why})`, 'ansible.builtin.command': { argv: [...change.argv], creates: stamp }, environment: C_LOCALE };
}

/**
 * What puts the phase back when a task of it failed: each file it changed from Ansible's backup (one
 * it created removed), the plan's own undo commands when its commands ran, the stamp removed so they
 * run again next time, the reloads when the phase's had run, then the failure reported. A lost connection (sshd gone wrong)
 * is past what Ansible can undo: golive's own runs arm an undo timer on the server for that.
 */
function undoTasks(phase: Phase, undo: readonly (readonly string[])[], label: string, registered: readonly string[], stamp: string, reloaded: string): Task[] {
  const commandsRan = phase.changes.flatMap((change, index) => (change.kind === 'command' ? [`${registered[index]} is changed`] : [])).join(' or ');
  const restores = phase.changes.flatMap((change, index): Task[] => {
    if (change.kind !== 'file') return [];
    const result = registered[index]!;
    if (change.before === null) return [{ name: `${label}: undo: remove ${change.path}`, 'ansible.builtin.file': { path: change.path, state: 'absent' }, when: `${result} is changed` }];
    return [{ name: `${label}: undo: restore ${change.path}`, 'ansible.builtin.copy': { remote_src: true, src: `{{ ${result}.backup_file }}`, dest: change.path }, when: `${result}.backup_file is defined` }];
  });
  return [
    ...restores.reverse(),
    ...(commandsRan ? undo.map((argv) => ({ name: `${label}: undo: ${short(argv)}`, 'ansible.builtin.command': { argv: [...argv] }, environment: C_LOCALE, when: commandsRan })) : []),
    ...(commandsRan ? [{ name: `${label}: undo: forget that its commands ran`, 'ansible.builtin.file': { path: stamp, state: 'absent' } }] : []),
    // Only when the new configuration was put in force; a reload that fails still lets the failure be told.
    ...phase.reloads.map((argv) => ({ name: `${label}: undo: ${argv.join(' ')}`, 'ansible.builtin.command': { argv: [...argv] }, environment: C_LOCALE, when: `${reloaded} | default(false)`, ignore_errors: true })),
    { name: `${label}: failed and undone`, 'ansible.builtin.fail': { msg: `golive's plan for ${label} failed and was undone: {{ ansible_failed_result.msg | default('see the failed task above') }}` } },
  ];
}

function holdsSecrets(plan: StepPlan): boolean {
  return allChanges(plan).some((change) => (change.kind === 'file' ? change.display !== undefined : change.stdin !== undefined));
}

function hashOf(changes: readonly Change[]): string {
  const commands = changes.filter((c) => c.kind === 'command').map((c) => (c.kind === 'command' ? c.argv : []));
  return createHash('sha256').update(JSON.stringify(commands)).digest('hex').slice(0, 12);
}

function short(argv: readonly string[]): string {
  const text = argv.join(' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function yamlFile(data: unknown): string {
  return `# Written by golive export ansible from golive's plan: regenerate rather than edit.\n---\n${stringify(data, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
