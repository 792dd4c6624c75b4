/**
 * What the containers items judge, the same whether it was read from a compose file (what the app
 * asks for) or from `docker inspect` (what runs): one record per service or container.
 */

/** A yes/no setting, or one set from a variable (`${READ_ONLY}`) that golive does not resolve. */
export type Flag = boolean | 'variable';

/** A published port: a host address ('' when none was given: every address) and port ranges. */
export interface PublishedPort {
  readonly address: string;
  /** Undefined: the host port is left to Docker (a random port, on every address). */
  readonly host: PortRange | undefined;
  readonly container: PortRange | undefined;
  /** As written (cleaned for display), for the evidence. */
  readonly text: string;
  /** Part of it comes from a variable: golive cannot tell where it lands. */
  readonly variable: boolean;
}

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export interface ContainerSettings {
  /** The service's name in the compose file, or the container's name. */
  readonly name: string;
  /** `user:` as written; undefined when not set (the image's user, root unless the image says otherwise). */
  readonly user: string | undefined;
  readonly capDrop: readonly string[];
  readonly securityOpt: readonly string[];
  readonly readOnly: Flag;
  readonly privileged: Flag;
  readonly memoryLimit: boolean;
  readonly cpuLimit: boolean;
  /** The host paths bind-mounted into the container. */
  readonly mountSources: readonly string[];
  readonly networkMode: string | undefined;
  readonly pidMode: string | undefined;
  readonly ports: readonly PublishedPort[];
}

const MAX_SHOWN = 80;

/**
 * Text from the app user's files, made safe to print: no control characters (no terminal escapes),
 * and short.
 */
export function shown(text: string, max = MAX_SHOWN): string {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return plain.length > max ? `${plain.slice(0, max)}…` : plain;
}

/** "5432" or "5432-5440" (a protocol suffix is dropped); undefined when it is not a port or a range. */
export function portRange(text: string): PortRange | undefined {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?(?:\/(?:tcp|udp|sctp))?$/i.exec(text.trim());
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  return to >= from ? { from, to } : undefined;
}
