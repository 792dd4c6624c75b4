import type { FormName } from './forms.js';

/** The secrets of the platform's .env that golive fills by default, and what a new value means for each. */

export interface KnownSecret {
  readonly form: FormName;
  /** What to restart, and what else changes, once the value is new. */
  readonly onChange: string;
}

export const KNOWN_SECRETS: Readonly<Record<string, KnownSecret>> = {
  POSTGRES_PASSWORD: { form: 'base64-32', onChange: 'restart every app that connects to the database' },
  REDIS_PASSWORD: { form: 'base64-32', onChange: 'restart Redis (requirepass) and every app that connects to it' },
  JWT_SECRET_KEY: { form: 'hex32', onChange: 'restart the API; tokens signed with the old key stop working, users log in again' },
  SECRET_KEY: { form: 'hex32', onChange: 'restart the app; sessions and signatures made with the old key stop working' },
  KRATOS_SECRET_COOKIE: { form: 'base64-32', onChange: 'restart Kratos; existing sessions end' },
  KRATOS_SECRET_CIPHER: { form: 'chars32', onChange: 'restart Kratos; data it encrypted with the old key can no longer be read' },
  MINIO_ACCESS_KEY: { form: 'hex16', onChange: 'restart MinIO and every client that uses its keys' },
  MINIO_SECRET_KEY: { form: 'base64-48', onChange: 'restart MinIO and every client that uses its keys' },
  MEILI_MASTER_KEY: { form: 'hex32', onChange: 'restart Meilisearch; API keys derived from the master key change' },
};

export const DEFAULT_VARIABLES: Readonly<Record<string, FormName>> = Object.fromEntries(Object.entries(KNOWN_SECRETS).map(([name, s]) => [name, s.form]));

export function onChange(name: string): string {
  return KNOWN_SECRETS[name]?.onChange ?? `restart the services that read ${name}`;
}
