// Wires a drift detection round to the cluster and the records the functions already use.
import type { ExecutionStarter } from './execution-starter';
import type { AdapterDeps } from './adapter-deps';
import { listManagedMetadata, type ListCost } from './managed-object-metadata';
import type { DriftRoundDeps } from '../workflow/drift-round';
import type { SyncMetrics } from '../workflow/run-sync';

export function driftRoundDeps(deps: AdapterDeps, starter: ExecutionStarter, opts: { metrics?: SyncMetrics; cost?: ListCost } = {}): DriftRoundDeps {
  return {
    readRows: () => deps.readRows(),
    listRecords: () => deps.records.listSummariesOfHub(deps.config.hub.name),
    listManaged: (apiVersion, kind) => listManagedMetadata(deps.kube, deps.config.hub.name, apiVersion, kind, opts.cost),
    isNamespaced: async (apiVersion, kind) => (await deps.cluster.resourceInfo(apiVersion, kind)).namespaced,
    recordNamespace: deps.records.namespace,
    starter,
    log: deps.log,
    metrics: opts.metrics,
    clock: deps.clock,
  };
}
