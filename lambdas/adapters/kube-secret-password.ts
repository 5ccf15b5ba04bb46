// Lynq's `passwordRef`: the hub's MySQL password as one key of a Kubernetes Secret in the hub's
// namespace. Errors name the Secret and the key, never anything read from it.
import type { KubeConnection } from './kube-connection';
import type { SecretKeyRef } from '../core/config/config-model';
import { KubeRest } from './kube-rest';

/** The decoded value of `ref.key` in Secret `namespace/ref.name`. */
export async function readSecretPassword(kube: KubeConnection, namespace: string, ref: SecretKeyRef): Promise<string> {
  const where = `Secret ${namespace}/${ref.name} (the hub's passwordRef)`;
  let secret: Record<string, unknown> | undefined;
  try {
    secret = (await KubeRest.for(kube).get({ apiVersion: 'v1', kind: 'Secret', name: ref.name, namespace }));
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot read the MySQL password from ${where}: ${cause}`);
  }
  if (!secret) throw new Error(`cannot read the MySQL password: ${where} does not exist`);
  const data = (secret.data ?? {}) as Record<string, unknown>;
  const encoded = data[ref.key];
  if (typeof encoded === 'string') return Buffer.from(encoded, 'base64').toString('utf8');
  const keys = Object.keys(data).sort().join(', ') || 'none';
  throw new Error(`cannot read the MySQL password: ${where} has no key '${ref.key}' (its keys: ${keys})`);
}
