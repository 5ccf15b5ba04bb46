// The password of one hub's MySQL connection: the configured source (mysql-password), with the
// hub's passwordRef read from its Secret in the hub's namespace (default: the record namespace).
import type { KubeConfig } from '@kubernetes/client-node';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { HubConfig } from '../core/config/config-model';
import { resolveMysqlPassword, type PasswordRefSource } from './mysql-password';
import { readSecretPassword } from './kube-secret-password';

type Env = Record<string, string | undefined>;

export interface HubPasswordContext {
  env: Env;
  secrets?: Pick<SecretsManagerClient, 'send'>;
  /** Needed only when the hub has a passwordRef. */
  kube?: () => KubeConfig;
  recordNamespace: string;
}

/** Where a hub's passwordRef Secret is: the hub's metadata.namespace, else the record namespace. */
export function passwordRefNamespace(hub: HubConfig, recordNamespace: string): string {
  return hub.namespace ?? recordNamespace;
}

export function resolveHubPassword(hub: HubConfig, context: HubPasswordContext): Promise<string> {
  const ref = hub.source.mysql.passwordRef;
  const kube = context.kube;
  let source: PasswordRefSource | undefined;
  if (ref && kube) {
    const namespace = passwordRefNamespace(hub, context.recordNamespace);
    source = { key: `${namespace}/${ref.name}/${ref.key}`, read: () => readSecretPassword(kube(), namespace, ref) };
  }
  return resolveMysqlPassword(context.env, context.secrets, source);
}
