import { userInfo } from 'node:os';
import { ansiblePlaybook, ansibleRole, type InventoryEntry } from '../../export/ansible.js';
import { writeExport } from '../../export/write.js';
import type { CheckedHost } from '../../fleet/run.js';
import type { SshTarget } from '../../target/ssh.js';
import type { CommandContext } from '../context.js';

/** The name a single server's role has; with an inventory, the host's own name. */
const SINGLE_HOST = 'server';

/** `golive export ansible -o DIR`: this server's plan as an Ansible role, and a playbook to run it. */
export async function exportCommand(context: CommandContext): Promise<number> {
  const planned = await context.session.plan();
  const host = context.hostName ?? SINGLE_HOST;
  const role = ansibleRole(host, planned.map((p) => p.plan));
  const dir = context.args.output!;
  const files = [...role.files, ...(context.hostName ? [] : ansiblePlaybook([entryOf(host, context)]))];
  writeExport(dir, files);
  Object.assign(context.summary, { result: 'exported', steps: planned.filter((p) => p.plan.changes.length > 0).map((p) => p.step.id) });
  for (const note of role.notes) context.err(`note: ${note}`);
  if (context.args.json) context.out(JSON.stringify({ target: context.target.label, output: dir, files: files.map((f) => f.path), notes: role.notes }, null, 2));
  else if (!context.hostName) context.out(`written to ${dir}; run: ansible-playbook -i ${dir}/inventory.yml ${dir}/playbook.yml (--check --diff to preview)`);
  else context.out(`role written to ${dir}/roles/${host}`);
  return 0;
}

/** With an inventory: once every host's role is written, the playbook and inventory of those that were. */
export function finishFleetExport(dir: string, hosts: readonly CheckedHost[], succeeded: ReadonlySet<string>): void {
  const entries = hosts.filter((h) => succeeded.has(h.name)).map((h) => ({ host: h.name, ssh: { address: h.answers.target.host!, port: h.answers.target.port ?? 22, user: h.answers.target.user ?? userInfo().username } }));
  writeExport(dir, ansiblePlaybook(entries));
}

function entryOf(host: string, context: CommandContext): InventoryEntry {
  if (context.target.kind !== 'ssh') return { host };
  const { endpoint } = context.target as unknown as SshTarget;
  return { host, ssh: { address: endpoint.host, port: endpoint.port, user: endpoint.user } };
}
