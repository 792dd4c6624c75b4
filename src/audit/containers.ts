import type { AuditCheck, AuditFinding, AuditInputs } from '../engine/types.js';
import { COMPOSE_NAMES, type ComposeReading, composeFileFact } from './containers-file.js';
import { type DockerReading, dockerContainersFact } from './containers-inspect.js';
import { CONTAINER_RULES, type ContainerRule, type Problem } from './containers-rules.js';
import type { ContainerSettings } from './containers-settings.js';

/**
 * The containers items (cap_drop, non-root user, no-new-privileges, read-only root, limits, nothing
 * privileged, no public database port), judged per service of the app's compose file and, where
 * Docker is installed, per running container. The evidence names the services that fail.
 */

export interface ContainersFacts {
  /** Absent when golive.yml names neither audit.composeFile nor secrets.envFile. */
  readonly compose?: ComposeReading;
  readonly docker: DockerReading;
}

/** Services or containers read from one place, named for the evidence. */
interface Source {
  readonly label: string;
  readonly subjects: readonly ContainerSettings[];
}

/** What was read: the sources to judge, what could not be read (why), and what the evidence says when there is nothing to judge. */
interface Reading {
  readonly sources: readonly Source[];
  readonly unreadable: readonly string[];
  readonly nothing: string;
}

const NOT_CONFIGURED = 'set audit.composeFile or secrets.envFile in golive.yml (golive looks for the compose file beside the .env)';

export const containersCheck: AuditCheck<ContainersFacts> = {
  items: CONTAINER_RULES.map(({ id, title, fix }) => ({ id, title, fix })),
  facts: (inputs: AuditInputs) => {
    const compose = composeFileFact(inputs);
    return compose ? { compose, docker: dockerContainersFact } : { docker: dockerContainersFact };
  },
  judge: (facts) => {
    const reading = readingOf(facts);
    return CONTAINER_RULES.map((rule) => judgeRule(rule, reading));
  },
};

export function readingOf({ compose, docker }: ContainersFacts): Reading {
  const sources: Source[] = [];
  const unreadable: string[] = [];
  const absent: string[] = [];
  if (!compose) absent.push(NOT_CONFIGURED);
  else if (compose.kind === 'services') sources.push({ label: compose.path, subjects: compose.services });
  else if (compose.kind === 'refused') unreadable.push(compose.reason);
  else if (compose.explicit) unreadable.push(`no compose file at ${compose.explicit} (audit.composeFile)`);
  else absent.push(`no compose file in ${compose.folder} (${COMPOSE_NAMES.join(', ')})`);
  if (docker.kind === 'containers') sources.push({ label: 'docker inspect (running containers)', subjects: docker.containers });
  else if (docker.kind === 'error') unreadable.push(docker.reason);
  // Podman's containers may be the app's: with no compose file read, "no containers" would be a guess.
  else if (docker.kind === 'podman' && !sources.length) unreadable.push('podman is installed; golive reads only Docker\'s containers');
  else if (docker.kind === 'podman') absent.push('podman\'s containers are not read');
  else absent.push('Docker is not installed');
  // Without golive.yml's word on where the app is, an empty reading proves nothing.
  if (!compose && docker.kind !== 'containers') unreadable.push(NOT_CONFIGURED);
  const nothing = docker.kind === 'containers' ? [...absent, 'Docker runs no container'] : absent;
  return { sources, unreadable: unreadable.filter((why, index) => unreadable.indexOf(why) === index), nothing: `no containers: ${nothing.join('; ')}` };
}

export function judgeRule(rule: ContainerRule, { sources, unreadable, nothing }: Reading): AuditFinding {
  const { id, title, fix } = rule;
  const problems = sources.flatMap(({ label, subjects }) => {
    const found = subjects.map((subject) => ({ name: subject.name, problem: rule.problem(subject) })).filter((p): p is { name: string; problem: Problem } => p.problem !== undefined);
    return found.map(({ name, problem }) => ({ text: `${label}: ${name} ${problem.text}`, unclear: problem.unclear === true }));
  });
  const wrong = problems.filter((p) => !p.unclear).map((p) => p.text);
  const unclear = problems.filter((p) => p.unclear).map((p) => p.text);
  if (wrong.length) return { id, title, status: rule.failing, evidence: [...wrong, ...unreadable.map((why) => `also: ${why}`)].join('; '), fix };
  if (unreadable.length || unclear.length) return { id, title, status: 'unknown', evidence: [...unreadable, ...unclear].join('; '), fix };
  const judged = sources.filter(({ subjects }) => subjects.length > 0);
  if (!judged.length) return { id, title, status: 'pass', evidence: nothing, fix };
  return { id, title, status: 'pass', evidence: judged.map(({ label, subjects }) => `${label}: ${subjects.map((s) => s.name).join(', ')}: ${rule.passing}`).join('; '), fix };
}
