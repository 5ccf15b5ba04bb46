// What the workflow steps and the apply need of a Kubernetes cluster: discover a kind, then get,
// create, apply, patch, replace and delete objects. The real one is lambdas/adapters/kube-rest.ts
// (HTTP to the API server); test/support/in-memory-cluster.ts is an in-memory fake.
import type { KubeObject } from '../template/rendered-resource';

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** What discovery says about a kind. */
export interface ResourceInfo {
  plural: string;
  namespaced: boolean;
}

/** `deleting`: accepted, finalizers still hold the object; `absent`: it was already gone. */
export type DeleteResult = 'deleted' | 'deleting' | 'absent';

export interface Cluster {
  /** Discovery: plural and scope of a kind; fails (permanently) for a kind the server does not serve. */
  resourceInfo(apiVersion: string, kind: string): Promise<ResourceInfo>;
  /** The object, or undefined when it does not exist. A namespace on a cluster-scoped kind is ignored. */
  get(ref: ObjectRef): Promise<KubeObject | undefined>;
  create(obj: KubeObject): Promise<KubeObject>;
  /** Server-side apply as lynq-sfn's field manager; `force` takes over fields other managers own. */
  serverSideApply(obj: KubeObject, force: boolean, opts?: { dryRun?: boolean }): Promise<KubeObject>;
  /** RFC 7386 JSON merge patch. */
  mergePatch(ref: ObjectRef, patch: Record<string, unknown>): Promise<KubeObject>;
  /** Full update; with metadata.resourceVersion set, a stale write fails. */
  replace(obj: KubeObject): Promise<KubeObject>;
  delete(ref: ObjectRef, precondition?: { resourceVersion?: string; uid?: string }): Promise<DeleteResult>;
}
