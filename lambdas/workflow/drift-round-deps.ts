// Wires a drift detection round to the cluster and the records the workflow already uses.
import type { ExecutionStarter } from '../adapters/execution-starter';
import { kindIsNamespaced, listManagedMetadata, type ListCost } from '../adapters/managed-object-metadata';
import type { DriftRoundDeps } from './drift-round';
import type { SyncMetrics } from './run-sync';
import type { WorkflowDeps } from './workflow-deps';

export function driftRoundDeps(deps: WorkflowDeps, starter: ExecutionStarter, opts: { metrics?: SyncMetrics; cost?: ListCost } = {}): DriftRoundDeps {
  return {
    readRows: () => deps.readRows(),
    listRecords: () => deps.records.listSummariesOfHub(deps.config.hub.name),
    listManaged: (apiVersion, kind) => listManagedMetadata(deps.kube, deps.config.hub.name, apiVersion, kind, opts.cost),
    isNamespaced: (apiVersion, kind) => kindIsNamespaced(deps.kube, apiVersion, kind),
    recordNamespace: deps.records.namespace,
    starter,
    log: deps.log,
    metrics: opts.metrics,
    clock: deps.clock,
  };
}
