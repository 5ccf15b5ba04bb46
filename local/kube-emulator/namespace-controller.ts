// kube-controller-manager's namespace controller, as a real cluster runs it after the DELETE has
// been answered: it deletes the content of a Terminating namespace, reports what remains in the
// namespace's status conditions, and removes the namespace once it is empty.
import { isDeepStrictEqual } from 'node:util';
import { rfc3339 } from './clock-format';
import { type JsonObject, type KubeObject, cloneJson, isJsonObject, objectItems } from './json-types';
import type { ResourceOperations } from './resource-operations';

export const CONTROLLER_MANAGER = 'kube-controller-manager';

function condition(type: string, status: string, reason: string, message: string): JsonObject {
  return { type, status, reason, message };
}

/** The five conditions v1.28 writes, in its order. */
function deletionConditions(remaining: KubeObject[], kinds: string[]): JsonObject[] {
  const finalizerCounts = new Map<string, number>();
  for (const o of remaining) for (const f of o.metadata.finalizers ?? []) finalizerCounts.set(f, (finalizerCounts.get(f) ?? 0) + 1);
  const kindCounts = new Map<string, number>();
  for (const k of kinds) kindCounts.set(k, (kindCounts.get(k) ?? 0) + 1);
  const list = (m: Map<string, number>, sep: string) => [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${k}${sep}${n} resource instances`).join(', ');
  return [
    condition('NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered', 'All resources successfully discovered'),
    condition('NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'),
    condition('NamespaceDeletionContentFailure', 'False', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'),
    remaining.length > 0
      ? condition('NamespaceContentRemaining', 'True', 'SomeResourcesRemain', `Some resources are remaining: ${list(kindCounts, ' has ')}`)
      : condition('NamespaceContentRemaining', 'False', 'ContentRemoved', 'All content successfully removed'),
    finalizerCounts.size > 0
      ? condition('NamespaceFinalizersRemaining', 'True', 'SomeFinalizersRemain', `Some content in the namespace has finalizers remaining: ${list(finalizerCounts, ' in ')}`)
      : condition('NamespaceFinalizersRemaining', 'False', 'ContentHasNoFinalizers', 'All content-preserving finalizers finished'),
  ];
}

/**
 * A real namespace controller gets to a deleted namespace after its work queue and a discovery of
 * every resource: seconds, not at once. Clients must see Terminating first, so by default every
 * namespace is left alone for this long after its DELETE.
 */
export const NAMESPACE_CONTROLLER_DELAY_MS = 300;

/** When each Terminating namespace (by uid) was first seen, and so when the controller may act on it. */
export class NamespaceQueue {
  private readonly firstSeen = new Map<string, number>();

  constructor(private readonly delayMs = NAMESPACE_CONTROLLER_DELAY_MS) {}

  /** Whether `uid` is due at `now`; else the milliseconds until it is. */
  due(uid: string, now: number): true | number {
    const seen = this.firstSeen.get(uid) ?? now;
    this.firstSeen.set(uid, seen);
    const wait = seen + this.delayMs - now;
    return wait <= 0 ? true : wait;
  }

  forget(uid: string): void {
    this.firstSeen.delete(uid);
  }
}

/**
 * One pass over the Terminating namespaces that are due: `changed` when it changed anything,
 * `nextInMs` when a namespace is waiting for its turn.
 */
export function namespaceControllerPass(ops: ResourceOperations, queue: NamespaceQueue, now = Date.now()): { changed: boolean; nextInMs?: number } {
  const nsType = ops.registry.byPlural('', 'v1', 'namespaces')!;
  let changed = false;
  let nextInMs: number | undefined;
  const terminating = ops.store.markedForDeletion().filter((e) => e.type === nsType || (e.type.group === '' && e.type.plural === 'namespaces'));
  for (const { obj } of terminating) {
    const due = queue.due(obj.metadata.uid!, now);
    if (due !== true) {
      nextInMs = Math.min(nextInMs ?? due, due);
      continue;
    }
    const ns = cloneJson(obj);
    const name = ns.metadata.name!;
    for (const { type, obj } of ops.store.contentsOf(name)) {
      if (obj.metadata.deletionTimestamp) continue;
      ops.deleteObject(type, obj);
      changed = true;
    }
    const remaining = ops.store.contentsOf(name);
    if (remaining.length === 0) {
      // Finalize (spec.finalizers loses "kubernetes"), then the namespace is gone.
      if ((ns.metadata.finalizers ?? []).length === 0) {
        ops.removeNow(nsType, ns);
        queue.forget(ns.metadata.uid!);
      }
      changed = true;
      continue;
    }
    const kinds = remaining.map(({ type }) => `${type.plural}.${type.group}`);
    changed = writeConditions(ops, ns, deletionConditions(remaining.map((r) => r.obj), kinds)) || changed;
  }
  return { changed, ...(nextInMs !== undefined ? { nextInMs } : {}) };
}

function writeConditions(ops: ResourceOperations, ns: KubeObject, wanted: JsonObject[]): boolean {
  const status = isJsonObject(ns.status) ? ns.status : {};
  const current = objectItems(status.conditions);
  const now = rfc3339();
  const conditions = wanted.map((c) => {
    const before = current.find((o) => o.type === c.type);
    const lastTransitionTime = before && before.status === c.status ? before.lastTransitionTime : now;
    return { type: c.type, status: c.status, lastTransitionTime, reason: c.reason, message: c.message };
  });
  if (isDeepStrictEqual(current, conditions)) return false;
  const nsType = ops.registry.byPlural('', 'v1', 'namespaces')!;
  ops.update(
    { type: nsType, version: 'v1', name: ns.metadata.name, scope: 'status' },
    { ...ns, status: { ...status, conditions } },
    { manager: CONTROLLER_MANAGER, explicitManager: true, force: false, dryRun: false },
  );
  return true;
}
