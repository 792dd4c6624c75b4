import { optionalText, yesNoChoice } from '../src/answers/question-text.js';
import { parseCompose } from '../src/audit/containers-compose.js';
import { type DockerReading, dockerContainersFact } from '../src/audit/containers-inspect.js';
import { CONTAINER_RULES } from '../src/audit/containers-rules.js';
import type { ContainerSettings } from '../src/audit/containers-settings.js';
import { type ContainersAnswers, parseContainersAnswers } from '../src/containers/answers.js';
import { type ComposeFile, composeCommand, composeFileFact, type ComposeTool, composeToolFact, validateAs } from '../src/containers/compose-fact.js';
import { hardenCompose } from '../src/containers/compose-edit.js';
import { fileChange } from '../src/engine/file-change.js';
import type { Check, Fact, Question, Step, StepPlan } from '../src/engine/types.js';
import { GoliveError, InputError, NotConfiguredError } from '../src/errors.js';

/**
 * The app's compose file, hardened (src/containers/compose-edit.ts), validated by compose itself as
 * the folder's owner, and — only when containers.restart says so — put in force with `up -d`.
 * The step cannot see secrets.envFile (a step reads only its own answers), so composeFile is required.
 */

export interface ContainersFacts {
  readonly compose: ComposeFile;
  readonly tool: ComposeTool;
  readonly docker: DockerReading;
}

const nothing: Fact<ComposeFile> = { argv: ['true'], parse: () => ({ kind: 'absent' }) };

function facts(answers: Partial<ContainersAnswers>): { readonly [K in keyof ContainersFacts]: Fact<ContainersFacts[K]> } {
  return { compose: answers.composeFile ? composeFileFact(answers.composeFile) : nothing, tool: composeToolFact, docker: dockerContainersFact };
}

function resolveAnswers(answers: Partial<ContainersAnswers>): ContainersAnswers {
  const { composeFile, services = {}, restart = false } = answers;
  if (!composeFile) throw new NotConfiguredError("containers.composeFile is not set: golive needs the path of the app's compose file on the server", 'set containers.composeFile in golive.yml, like /srv/app/docker-compose.yml');
  return { composeFile, services, restart };
}

function plan(facts: ContainersFacts, answers: ContainersAnswers): StepPlan {
  const base = { stepId: 'containers' as const, title: `Containers: ${answers.composeFile} hardened` };
  const file = composeFileOf(facts.compose, answers.composeFile);
  const hardened = hardenCompose(file.file.content, answers.services);
  const changes = fileChange(answers.composeFile, file.file, { ...file.file, content: hardened.text }, 'cap_drop ALL, no-new-privileges, the capabilities each image needs, read-only where safe, limits, database ports on 127.0.0.1');
  const tool = facts.tool;
  if (answers.restart && tool === 'none') throw new InputError('containers.restart is true, but neither docker compose nor docker-compose is installed on the server', 'install Docker, or leave containers.restart out');
  const notes = [
    ...(tool === 'none'
      ? ['neither docker compose nor docker-compose is installed: the new file cannot be validated here. golive writes it anyway (it only adds settings compose has long known) and nothing restarts; `docker compose config -q` checks it where the app runs']
      : []),
    answers.restart
      ? 'containers.restart is true: `up -d` recreates the changed containers — the app restarts'
      : 'the running containers keep their old settings until the app is restarted (`docker compose up -d`, or containers.restart: true)',
    ...hardened.notes,
  ];
  if (!changes.length) return { ...base, changes: [], validations: [], reloads: [], notes };
  const validations = tool === 'none' ? [] : [{ argv: validateAs(validator(file), tool, answers.composeFile), what: 'compose file' }];
  const up = tool === 'none' || !answers.restart ? [] : [composeCommand(tool, answers.composeFile, 'up', '-d')];
  return { ...base, changes, validations, reloads: up, undo: up, notes: [...hardened.changes.map((c) => `changes ${c}`), ...notes] };
}

function composeFileOf(compose: ComposeFile, path: string): Extract<ComposeFile, { kind: 'file' }> {
  if (compose.kind === 'absent') throw new GoliveError(`no compose file at ${path} (containers.composeFile)`, 'set containers.composeFile to the compose file the app runs from');
  if (compose.kind === 'refused') throw new GoliveError(compose.reason, 'golive edits only a regular file in a folder reached without links');
  return compose;
}

/** Who runs `compose config`: the folder's owner; the file's when root owns the folder but not the file. */
function validator(compose: Extract<ComposeFile, { kind: 'file' }>): string {
  return compose.folderOwner === 'root' && compose.file.owner !== 'root' ? compose.file.owner : compose.folderOwner;
}

const CHECKED_RULES = CONTAINER_RULES.filter((rule) => ['containers.capDrop', 'containers.noNewPrivileges', 'containers.ports'].includes(rule.id));

function verify(facts: ContainersFacts, answers: ContainersAnswers): Check[] {
  const file = composeFileOf(facts.compose, answers.composeFile);
  const again = hardenCompose(file.file.content, answers.services);
  const parsed = parseCompose(file.file.content);
  const services = 'services' in parsed ? parsed.services : [];
  const checks: Check[] = [
    { name: 'compose file holds the hardening', ok: again.changes.length === 0, detail: again.changes.length ? `still to do: ${again.changes.join('; ')}` : `${services.length} services hardened` },
    ...CHECKED_RULES.map((rule) => ruleCheck(rule, services, answers.composeFile, false)),
  ];
  if (answers.restart && facts.docker.kind === 'containers') checks.push(...CHECKED_RULES.map((rule) => ruleCheck(rule, (facts.docker as { containers: readonly ContainerSettings[] }).containers, 'docker inspect', true)));
  return checks;
}

/** An audit rule over every service or container; what docker runs is advisory (other apps' containers may run beside). */
function ruleCheck(rule: (typeof CONTAINER_RULES)[number], subjects: readonly ContainerSettings[], label: string, advisory: boolean): Check {
  const problems = subjects.map((s) => ({ name: s.name, problem: rule.problem(s) })).filter((p) => p.problem && !p.problem.unclear);
  return { name: `${rule.title} (${label})`, ok: problems.length === 0, detail: problems.length ? problems.map((p) => `${p.name} ${p.problem!.text}`).join('; ') : rule.passing, ...(advisory && { advisory }) };
}

const questions: Question[] = [
  { key: 'composeFile', label: "The app's compose file", help: 'absolute path on the server, like /srv/app/docker-compose.yml', ...optionalText },
  { key: 'restart', label: 'Restart the app after the edit (docker compose up -d)', help: 'no: the new settings apply at the next restart', ...yesNoChoice(false) },
];

export const containersStep: Step<ContainersAnswers, ContainersFacts> = {
  id: 'containers',
  title: 'Containers',
  checklist: ['Containers drop all capabilities, cannot gain privileges, have limits, and publish databases only on 127.0.0.1'],
  questions,
  parseAnswers: parseContainersAnswers,
  facts,
  resolveAnswers,
  plan,
  verify,
};
