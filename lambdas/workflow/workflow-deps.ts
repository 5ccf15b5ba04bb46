// What the state machine's steps need from the outside world, injected so the same
// step code runs in Lambda (handlers/), in the local runner (local/) and against in-memory fakes
// (test/support/); steps depend on these interfaces, never on a concrete adapter.
import type { ConfigDirectory, HubConfig } from '../core/config/config-model';
import type { Cluster } from '../core/contracts/cluster';
import type { LynqNodeRecords } from '../core/contracts/lynqnode-records';
import type { TransientErrorLimits } from '../core/readiness/provider-errors';

export interface StructuredLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * A Task of statemachines/reconcile-node.asl.json: the payload as the state machine passes it in,
 * what the Task returns as its result. Each step module exports its own (loadNodeTask, ...).
 */
export type StateMachineTask = (deps: WorkflowDeps, event: unknown) => Promise<unknown>;

export interface WorkflowDeps {
  /** Every hub of the configuration, with its forms (one state machine serves them all). */
  config: ConfigDirectory;
  /** The Kubernetes cluster the node's objects live in (kube-rest in Lambda, a fake in unit tests). */
  cluster: Cluster;
  records: LynqNodeRecords;
  /** Rows of a hub's table keyed by column name (one query): all of them, or one uid's. */
  readRows(hub: HubConfig, filter?: { uid: string }): Promise<Record<string, unknown>[]>;
  clock: { now(): Date };
  log: StructuredLog;
  /** How long a transient provider error is waited out (default DEFAULT_TRANSIENT_ERROR_LIMITS). */
  transientErrors?: TransientErrorLimits;
}
