import type { AnyStep } from '../engine/types.js';
import type { Environment } from '../environment.js';
import { type CheckedHost, checkedInventory, fleetExitCode, type HostRun, runHosts } from '../fleet/run.js';
import { nobodyToAsk } from '../interaction.js';
import type { CliArgs } from './args.js';
import type { CommandContext } from './context.js';
import { fleetView } from './fleet-view.js';

type Command = (context: CommandContext) => Promise<number>;

/** What the hosts' runs make together, once they have all ended (export: the playbook of the hosts exported). */
export type AfterAll = (hosts: readonly CheckedHost[], runs: readonly HostRun[]) => void;

/**
 * A command over every host of an inventory: each host's answers checked before any server is
 * reached, then the hosts in parallel (see runHosts). Output: each host's as it ends, then a table;
 * with --json, a row per host.
 */
export async function runFleet(args: CliArgs, environment: Environment, registry: readonly AnyStep[], command: Command, afterAll?: AfterAll): Promise<number> {
  const hosts = checkedInventory(args, registry);
  const view = await fleetView(hosts.map((h) => h.name), args, environment);
  const runs = await runHosts(hosts, { request: args, parallel: args.parallel, canary: args.canary }, environment, registry, (host, opened, io) => command({ args, environment, interaction: nobodyToAsk, ...opened, hostName: host.name, ...io }), view);
  afterAll?.(hosts, runs);
  view.close(runs);
  return fleetExitCode(runs.map((r) => r.exitCode));
}
