// Follows the LynqNode records of one namespace for `lynq-sfn run`'s progress view: one list,
// then a watch from its revision, through @kubernetes/client-node's informer (which lists again
// when the watch's revision expired). Local only: the functions never watch.
import { KubeConfig, type KubernetesObject, makeInformer } from '@kubernetes/client-node';
import type { KubeConnection } from '../lambdas/adapters/kube-connection';
import { KubeRest } from '../lambdas/adapters/kube-rest';
import { toRecord } from '../lambdas/adapters/lynqnode-store';
import { LYNQNODE_API_VERSION, LYNQNODE_KIND, LYNQNODE_PLURAL } from '../lambdas/core/apply/tracking-labels';
import type { LynqNodeRecord } from '../lambdas/core/contracts/workflow-contracts';
import type { KubeObject } from '../lambdas/core/template/rendered-resource';

export interface LynqNodeChanges {
  /** A record as it is now (added or changed). */
  onChange(record: LynqNodeRecord): void;
  onDelete(record: LynqNodeRecord): void;
  onError?(error: unknown): void;
}

export interface LynqNodeFollower {
  stop(): Promise<void>;
}

/** Errors go to `onError` and the informer starts again after `restartMs`, until stop(). */
export function followLynqNodes(connection: KubeConnection, namespace: string, changes: LynqNodeChanges, restartMs = 1000): LynqNodeFollower {
  // The informer needs the client's own KubeConfig: local runs have one (an EKS connection is the functions').
  if (!(connection instanceof KubeConfig)) throw new Error('following LynqNode records needs a kubeconfig (a local run)');
  const kc = connection;
  const path = `/apis/${LYNQNODE_API_VERSION}/namespaces/${encodeURIComponent(namespace)}/${LYNQNODE_PLURAL}`;
  const list = async () => {
    const { items, resourceVersion } = await KubeRest.for(kc).listWithVersion(LYNQNODE_API_VERSION, LYNQNODE_KIND, { namespace });
    return { apiVersion: LYNQNODE_API_VERSION, kind: `${LYNQNODE_KIND}List`, metadata: { resourceVersion }, items: items as KubernetesObject[] };
  };
  const informer = makeInformer<KubernetesObject>(kc, path, list);
  let stopped = false;
  let restart: NodeJS.Timeout | undefined;
  // The informer starts its watch once its list returns, even if stopped meanwhile: stop() waits
  // for the start in flight, so that the watch it opens is closed too (else the process stays up).
  let starting: Promise<void> = Promise.resolve();
  const start = () => {
    starting = informer.start().catch((error: unknown) => changes.onError?.(error));
  };
  informer.on('add', (obj) => { changes.onChange(toRecord(obj as KubeObject)); });
  informer.on('update', (obj) => { changes.onChange(toRecord(obj as KubeObject)); });
  informer.on('delete', (obj) => { changes.onDelete(toRecord(obj as KubeObject)); });
  informer.on('error', (error) => {
    changes.onError?.(error);
    if (!stopped) restart = setTimeout(() => { if (!stopped) start(); }, restartMs);
  });
  start();
  return {
    stop: async () => {
      stopped = true;
      if (restart) clearTimeout(restart);
      await informer.stop();
      await starting;
      await informer.stop();
    },
  };
}
