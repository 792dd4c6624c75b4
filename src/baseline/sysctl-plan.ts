import { fileChange, rootFile } from '../engine/file-change.js';
import type { Change, Check, FileState } from '../engine/types.js';
import { readTemplate, renderTemplate } from '../templates.js';
import { forwardingNeeds } from './forwarding.js';
import { laterOverrides, parseSettingLine, parseSysctlText, SYSCTL_FILE, type SysctlEntry, UFW_SYSCTL } from './sysctl-files.js';
import { APPLY_SYSCTL_FILES, type LiveSetting, restoreLiveValues } from './sysctl-live.js';

export interface SysctlFacts {
  readonly sysctlFile: FileState | null;
  /** ufw's own sysctl file, which it applies when it starts: after `sysctl --system`, so its values win. */
  readonly ufwSysctl: FileState | null;
  readonly sysctlFiles: readonly SysctlEntry[];
  readonly sysctlLive: Readonly<Record<string, LiveSetting>>;
  readonly routers: readonly string[];
}

/** Settings whose stricter values are kept as they are: the first value is golive's. */
const AT_LEAST: Readonly<Record<string, { readonly key: string; readonly accept: readonly string[] }>> = {
  unprivilegedBpf: { key: 'kernel.unprivileged_bpf_disabled', accept: ['2', '1'] },
  ptraceScope: { key: 'kernel.yama.ptrace_scope', accept: ['1', '2', '3'] },
  perfEventParanoid: { key: 'kernel.perf_event_paranoid', accept: ['3', '2'] },
};

/** golive's sysctl file for this server: forwarding off unless something needs it. */
export function renderSysctl(needs: readonly string[], live: Readonly<Record<string, LiveSetting>>): string {
  const values: Record<string, string> = {
    forwardingComment: needs.length > 0
      ? `# Left as it is: ${needs.join('; ')}.`
      : '# Nothing on this server routes packets (no Docker, no forwarding firewall rules); run golive again after installing one.',
    ipv4Forwarding: needs.length > 0 ? '' : 'net.ipv4.ip_forward = 0',
    ipv6Forwarding: needs.length > 0 ? '' : 'net.ipv6.conf.all.forwarding = 0',
  };
  for (const [name, { key, accept }] of Object.entries(AT_LEAST)) {
    const now = live[key];
    values[name] = now?.present && accept.includes(now.value) ? now.value : accept[0]!;
  }
  return renderTemplate(readTemplate('baseline/60-golive-baseline.sysctl.conf'), values);
}

/** Every key golive's file can set, whatever the server: the live values to read. */
export const SYSCTL_KEYS: readonly string[] = [...parseSysctlText(renderSysctl([], {})).keys()];

export interface SysctlPlan {
  readonly changes: Change[];
  readonly reloads: (readonly string[])[];
  readonly undo: string[][];
  readonly notes: string[];
}

/** Keys whose live value is not the file's, split by why: the kernel here refuses, or it has no such key, or it could take it. */
function drift(facts: SysctlFacts, wanted: ReadonlyMap<string, string>) {
  const overridden = new Set(laterOverrides(facts.sysctlFiles, wanted).map((e) => e.key));
  const refused: string[] = [], absent: string[] = [], settable: string[] = [];
  for (const [key, value] of wanted) {
    const live = facts.sysctlLive[key];
    if (!live?.present) absent.push(key);
    else if (live.value === value || overridden.has(key)) continue;
    else if (live.writable) settable.push(key);
    else refused.push(key);
  }
  return { refused, absent, settable };
}

/**
 * ufw's sysctl file with each of golive's keys it sets given golive's value (Debian's turns
 * log_martians off): ufw applies it at every start and reload, so otherwise a reboot undoes golive.
 */
export function alignUfwSysctl(content: string, wanted: ReadonlyMap<string, string>): string {
  return content.split('\n').map((line) => {
    const entry = parseSettingLine(line);
    if (!entry || !wanted.has(entry.key) || wanted.get(entry.key) === entry.value) return line;
    return line.replace(/=.*$/, `=${wanted.get(entry.key)}`);
  }).join('\n');
}

function ufwChange(facts: SysctlFacts, wanted: ReadonlyMap<string, string>): Change[] {
  if (!facts.ufwSysctl) return [];
  const after = { ...facts.ufwSysctl, content: alignUfwSysctl(facts.ufwSysctl.content, wanted) };
  return fileChange(UFW_SYSCTL, facts.ufwSysctl, after, 'ufw applies this file when it starts and reloads: it would turn these settings back');
}

export function sysctlPlan(facts: SysctlFacts): SysctlPlan {
  const content = renderSysctl(forwardingNeeds(facts.routers, facts.sysctlFiles, facts.sysctlLive), facts.sysctlLive);
  const wanted = parseSysctlText(content);
  const file = [...fileChange(SYSCTL_FILE, facts.sysctlFile, rootFile(content, 0o644), 'kernel and network hardening, applied with sysctl --system'), ...ufwChange(facts, wanted)];
  const { settable } = drift(facts, wanted);
  const notes = sysctlNotes(facts, wanted);
  if (file.length === 0 && settable.length === 0) return { changes: [], reloads: [], undo: [], notes };
  // The live values this run changes, as they were: rollback sets them back once the files are applied again.
  const before = new Map(settable.map((key) => [key, (facts.sysctlLive[key] as { value: string }).value]));
  const undo = [[...APPLY_SYSCTL_FILES], ...restoreLiveValues(before)];
  if (file.length > 0) return { changes: file, reloads: [APPLY_SYSCTL_FILES], undo, notes };
  const apply: Change = { kind: 'command', argv: APPLY_SYSCTL_FILES, display: 'sysctl --system', why: `the file is in place but these live values differ: ${settable.join(', ')}` };
  return { changes: [apply], reloads: [], undo, notes };
}

function sysctlNotes(facts: SysctlFacts, wanted: ReadonlyMap<string, string>): string[] {
  const needs = forwardingNeeds(facts.routers, facts.sysctlFiles, facts.sysctlLive);
  const notes = [needs.length > 0 ? `packet forwarding is left as it is: ${needs.join('; ')}` : 'packet forwarding is turned off: nothing here routes packets (install Docker or a VPN later, and run golive again: it leaves forwarding on then)'];
  for (const entry of laterOverrides(facts.sysctlFiles, wanted)) notes.push(`${entry.file} sets ${entry.key} = ${entry.value} after golive's file: its value wins`);
  const { refused } = drift(facts, wanted);
  if (refused.length > 0) notes.push(`the kernel here does not let this server change ${refused.join(', ')} (a container: its host decides); they are written in the file all the same`);
  return notes;
}

/** The live values read again: each key as the file says, but for what the kernel here refuses or lacks (advisories). */
export function sysctlChecks(facts: SysctlFacts): Check[] {
  const wanted = parseSysctlText(facts.sysctlFile?.content ?? '');
  const { refused, absent, settable } = drift(facts, wanted);
  const overrides = laterOverrides(facts.sysctlFiles, wanted);
  const checks: Check[] = [
    { name: 'kernel settings file', ok: wanted.size > 0, detail: wanted.size > 0 ? `${SYSCTL_FILE}: ${wanted.size} settings` : `${SYSCTL_FILE} is missing` },
    { name: 'kernel settings live', ok: settable.length === 0, detail: settable.length === 0 ? `sysctl -n: ${wanted.size - refused.length - absent.length - overrides.length} as the file says` : `differ: ${settable.map((k) => `${k} = ${(facts.sysctlLive[k] as { value: string }).value}, wanted ${wanted.get(k)}`).join('; ')}` },
  ];
  if (refused.length > 0) checks.push({ name: 'kernel settings a container cannot change', ok: false, advisory: true, detail: `set in the file; the kernel here does not allow it (container): ${refused.map((k) => `${k} = ${(facts.sysctlLive[k] as { value: string }).value}`).join(', ')}` });
  if (absent.length > 0) checks.push({ name: 'kernel settings this kernel lacks', ok: false, advisory: true, detail: `set in the file; this kernel (or container) has no ${absent.join(', ')}` });
  if (overrides.length > 0) checks.push({ name: 'kernel settings another file overrides', ok: false, advisory: true, detail: overrides.map((e) => `${e.file}: ${e.key} = ${e.value}`).join('; ') });
  return checks;
}
