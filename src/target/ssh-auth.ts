import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { ConnectionError, InputError } from '../errors.js';
import type { Interaction } from '../interaction.js';

/** The credentials golive offers the server: the ssh-agent and/or one private key. */
export interface SshCredentials {
  readonly agent: string | undefined;
  readonly privateKey: Buffer | undefined;
  readonly passphrase: string | undefined;
  readonly keyFile: string | undefined;
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

export async function loadCredentials(identityFile: string | undefined, interaction: Interaction, agent: string | undefined): Promise<SshCredentials> {
  const keyFile = identityFile ?? (agent ? undefined : DEFAULT_KEYS.map((k) => join(homedir(), '.ssh', k)).find((f) => existsSync(f)));
  if (!keyFile) {
    if (agent) return { agent, privateKey: undefined, passphrase: undefined, keyFile: undefined };
    throw new ConnectionError('no SSH key to log in with', 'pass --identity FILE, or start ssh-agent and add your key');
  }
  let privateKey: Buffer;
  try {
    privateKey = readFileSync(keyFile);
  } catch (error) {
    throw new InputError(`--identity: cannot read ${keyFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let parsed = ssh2.utils.parseKey(privateKey);
  let passphrase: string | undefined;
  if (parsed instanceof Error && /encrypted|passphrase/i.test(parsed.message)) {
    if (!interaction.canAsk) {
      throw new InputError(`--identity: ${keyFile} is encrypted and nobody is here to type its passphrase`, 'add the key to ssh-agent, or run golive on a terminal');
    }
    passphrase = await interaction.askSecret(`passphrase for ${keyFile}: `);
    parsed = ssh2.utils.parseKey(privateKey, passphrase);
  }
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (key instanceof Error || key === undefined) {
    throw new InputError(`--identity: ${keyFile} is not a usable private key${key instanceof Error ? `: ${key.message}` : ''}`);
  }
  if (!key.isPrivateKey()) throw new InputError(`--identity: ${keyFile} holds a public key; give the private key file`);
  return { agent, privateKey, passphrase, keyFile };
}
