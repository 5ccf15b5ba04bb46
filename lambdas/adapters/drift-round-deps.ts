// Wires one hub's drift detection round to the cluster and the records the functions already use.
import type { ProjectConfig } from '../core/config/config-model';
import { recordsOfHubSync } from '../core/sync/hub-records';
import type { ExecutionStarter } from './execution-starter';
import type { AdapterDeps } from './adapter-deps';
import { listManagedMetadata, type ListCost } from './managed-object-metadata';
import type { DriftRoundDeps } from '../workflow/drift-round';
import type { SyncMetrics } from '../workflow/run-sync';

export function driftRoundDeps(deps: AdapterDeps, project: ProjectConfig, starter: ExecutionStarter, opts: { metrics?: SyncMetrics; cost?: ListCost } = {}): DriftRoundDeps {
  const hub = project.hub;
  return {
    readRows: () => deps.readRows(hub),
    // The same records the hub's sync plans with.
    listRecords: async () => recordsOfHubSync(deps.config, hub.name, await deps.records.listSummariesOfHub(hub.name)),
    listManaged: (apiVersion, kind) => listManagedMetadata(deps.kube, hub.name, apiVersion, kind, opts.cost),
    isNamespaced: async (apiVersion, kind) => (await deps.cluster.resourceInfo(apiVersion, kind)).namespaced,
    recordNamespace: deps.records.namespace,
    starter,
    log: deps.log,
    metrics: opts.metrics,
    clock: deps.clock,
  };
}
