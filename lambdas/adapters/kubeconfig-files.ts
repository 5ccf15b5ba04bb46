// Which kubeconfig, and how several are merged: the one resolution every entry point uses (the
// functions' LYNQ_KUBECONFIG/KUBECONFIG, the CLI's --kubeconfig, the local runner, the tests).
// As kubectl: a flag or KUBECONFIG may be a list of files (separated by ':' , ';' on Windows);
// files that do not exist are skipped; the first file to name a cluster, user or context wins,
// and so does the first current-context.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';

type Env = Record<string, string | undefined>;

export function defaultKubeconfigPath(env: Env = process.env): string {
  return path.join(env.HOME || homedir(), '.kube', 'config');
}

/** The explicit path or list (a flag), else $KUBECONFIG, else ~/.kube/config. */
export function kubeconfigLocation(explicit?: string, env: Env = process.env): string {
  return explicit || env.KUBECONFIG || defaultKubeconfigPath(env);
}

/** The files of a location (one path, or a list). */
export function kubeconfigFiles(location: string): string[] {
  return location.split(path.delimiter).map((file) => file.trim()).filter((file) => file !== '');
}

function firstByName<T extends { name: string }>(lists: readonly (readonly T[])[]): T[] {
  const byName = new Map<string, T>();
  for (const list of lists) for (const item of list) if (!byName.has(item.name)) byName.set(item.name, item);
  return [...byName.values()];
}

/** Loads the kubeconfig files of `location` and merges them as kubectl does. */
export function loadKubeconfigFiles(location: string): KubeConfig {
  const files = kubeconfigFiles(location);
  // A single file must exist; in a list, missing files are skipped (kubectl's rule).
  const present = files.length === 1 ? files : files.filter((file) => existsSync(file));
  if (present.length === 0) throw new Error(`cannot read kubeconfig ${location}: none of its files exists`);
  const loaded = present.map((file) => {
    const kc = new KubeConfig();
    try {
      kc.loadFromFile(file);
    } catch (error) {
      throw new Error(`cannot read kubeconfig ${file}${file === location ? '' : ` (of ${location})`}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return kc;
  });
  const [only, ...rest] = loaded;
  if (only !== undefined && rest.length === 0) return only;
  const merged = new KubeConfig();
  merged.loadFromOptions({
    clusters: firstByName<Cluster>(loaded.map((kc) => kc.getClusters())),
    users: firstByName<User>(loaded.map((kc) => kc.getUsers())),
    contexts: firstByName<Context>(loaded.map((kc) => kc.getContexts())),
    currentContext: loaded.map((kc) => kc.getCurrentContext()).find((name) => name !== '') ?? '',
  });
  return merged;
}
