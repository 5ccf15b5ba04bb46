// A hub's passwordRef (Lynq's): the MySQL password as one key of a Kubernetes Secret in the hub's
// namespace (default: the record namespace), read through the cluster connection at hand.
import type { HubConfig } from '../core/config/config-model';
import type { KubeConnection } from './kube-connection';
import type { PasswordRefSource } from './mysql-password';
import { readSecretPassword } from './kube-secret-password';

export interface PasswordRefContext {
  kube: () => KubeConnection;
  recordNamespace: string;
}

/** Where a hub's passwordRef Secret is: the hub's metadata.namespace, else the record namespace. */
export function passwordRefNamespace(hub: HubConfig, recordNamespace: string): string {
  return hub.namespace ?? recordNamespace;
}

/** The hub's passwordRef, ready for resolveMysqlConnection; undefined when the hub has none. */
export function passwordRefSourceOf(hub: HubConfig, context: PasswordRefContext): PasswordRefSource | undefined {
  const ref = hub.source.mysql.passwordRef;
  if (!ref) return undefined;
  const namespace = passwordRefNamespace(hub, context.recordNamespace);
  return { key: `${namespace}/${ref.name}/${ref.key}`, read: () => readSecretPassword(context.kube(), namespace, ref) };
}
