// The hub's MySQL password: never in YAML (DESIGN §2). Secrets Manager when deployed, env or file
// locally, else the hub's `passwordRef` (a Kubernetes Secret key, as in Lynq).
import { readFileSync } from 'node:fs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsCallError } from './aws-call-error';

type Env = Record<string, string | undefined>;

/** Per cold start: a Lambda reads the secret once, not on every sync. */
const secretCache = new Map<string, Promise<string>>();

/** A hub's passwordRef, ready to read: `key` names it in the cache (namespace/name/key). */
export interface PasswordRefSource {
  key: string;
  read(): Promise<string>;
}

/**
 * LYNQ_MYSQL_SECRET_ARN (SecretString: the raw password, or JSON with a `password` key),
 * else LYNQ_MYSQL_PASSWORD, else LYNQ_MYSQL_PASSWORD_FILE, else the hub's passwordRef, else ''.
 * Explicit local settings win over passwordRef so a local run needs no Secret in the cluster.
 */
export async function resolveMysqlPassword(env: Env = process.env, secrets?: Pick<SecretsManagerClient, 'send'>, passwordRef?: PasswordRefSource): Promise<string> {
  const arn = env.LYNQ_MYSQL_SECRET_ARN?.trim();
  if (arn) {
    return cachedRead(arn, () => readSecret(arn, secrets ?? new SecretsManagerClient({})));
  }
  if (env.LYNQ_MYSQL_PASSWORD !== undefined) return env.LYNQ_MYSQL_PASSWORD;
  const file = env.LYNQ_MYSQL_PASSWORD_FILE?.trim();
  if (file) {
    try {
      return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      throw new Error(`cannot read LYNQ_MYSQL_PASSWORD_FILE ${file}: ${(err as NodeJS.ErrnoException).code ?? 'read error'}`);
    }
  }
  if (passwordRef) return cachedRead(`passwordRef:${passwordRef.key}`, () => passwordRef.read());
  return '';
}

function cachedRead(key: string, read: () => Promise<string>): Promise<string> {
  let cached = secretCache.get(key);
  if (!cached) {
    cached = read();
    secretCache.set(key, cached);
    // A failed read is not cached: the next sync tries again.
    cached.catch(() => secretCache.delete(key));
  }
  return cached;
}

/** For tests and for a Lambda that wants to re-read a rotated secret. */
export function clearMysqlPasswordCache(): void {
  secretCache.clear();
}

async function readSecret(arn: string, client: Pick<SecretsManagerClient, 'send'>): Promise<string> {
  let text: string | undefined;
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    text = out.SecretString;
  } catch (err) {
    throw awsCallError(`cannot read MySQL password secret ${arn}`, err);
  }
  if (text === undefined) throw new Error(`MySQL password secret ${arn} has no SecretString (binary secrets are not supported)`);
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      // Not JSON after all: a raw password that starts with "{".
      return text;
    }
    const password = (parsed as Record<string, unknown> | null)?.password;
    if (typeof password !== 'string') throw new Error(`MySQL password secret ${arn} is JSON without a string "password" key`);
    return password;
  }
  return text;
}
