import { isMap, parseDocument } from 'yaml';
import { GoliveError } from '../errors.js';
import { CONFIG_LOCAL, DEFAULT_API_PORT } from './paths.js';

/**
 * config.yaml.local: Debian's postinst writes it at first install (SQLite's WAL) unless it exists,
 * so golive writes it before the install, and edits it in place after: the admin's other settings,
 * comments and order stay.
 */

export interface LocalSettings {
  /** The hub branch cscli uses without asking version.crowdsec.net (it dies offline otherwise); undefined online, where cscli asks. */
  readonly hubBranch: string | undefined;
  readonly apiPort: number;
}

const HEADER = '# golive: the hub branch of this CrowdSec (cscli works offline) and where its local API listens.\n';

/** The port the local API listens on, as this file sets it (8080, CrowdSec's default, when it does not). */
export function configuredApiPort(content: string | undefined): number {
  if (content === undefined) return DEFAULT_API_PORT;
  const uri = parse(content).getIn(['api', 'server', 'listen_uri']);
  const port = typeof uri === 'string' ? /:(\d+)$/.exec(uri)?.[1] : undefined;
  return port ? Number(port) : DEFAULT_API_PORT;
}

/** The file with golive's settings: as the postinst would write it plus golive's keys when new; edited in place otherwise. */
export function withLocalSettings(content: string | undefined, settings: LocalSettings): string {
  const document = parse(content ?? `${HEADER}# SQLite's write-ahead log, as Debian's postinst sets it on a local disk (README.Debian):\ndb_config:\n  use_wal: true\n`);
  if (settings.hubBranch && document.getIn(['cscli', 'hub_branch']) !== settings.hubBranch) document.setIn(['cscli', 'hub_branch'], settings.hubBranch);
  const uri = `127.0.0.1:${settings.apiPort}`;
  const current = document.getIn(['api', 'server', 'listen_uri']);
  if (current !== uri && (current !== undefined || settings.apiPort !== DEFAULT_API_PORT)) document.setIn(['api', 'server', 'listen_uri'], uri);
  return document.toString();
}

function parse(content: string) {
  const document = parseDocument(content);
  if (document.errors.length > 0 || !(document.contents === null || isMap(document.contents))) {
    throw new GoliveError(`${CONFIG_LOCAL} is not a YAML mapping golive can edit: ${document.errors[0]?.message.split('\n')[0] ?? 'not a mapping'}`, `fix or remove ${CONFIG_LOCAL}, then run golive again`);
  }
  return document;
}
