// Payloads that flow through statemachines/reconcile-node.asl.json (DESIGN §6).
// They carry ids and small status objects only: never rendered manifests or secret values.
import type { NodeValues } from './config-model';

/** What a user (or the sync) starts an execution with. */
export interface ExecutionInput {
  uid: string;
  /** Required only when the hub has several forms. */
  form?: string;
}

export type NodeAction = 'apply' | 'delete' | 'none';

/** LoadNode's output: the execution's working state, threaded through the level loop. */
export interface NodeRun {
  uid: string;
  form: string;
  execution: string;
  /** Execution start (ISO 8601); pins the templates' `now`. */
  startTime: string;
  action: NodeAction;
  reason: string;
  desiredHash: string;
  levels: string[][];
  levelIndex: number;
  currentLevel: string[];
  readyIds: string[];
  failedIds: string[];
  skippedIds: string[];
  /** `id: reason` of each failed resource, short, for the LynqNode and the execution's cause. */
  failureMessages: string[];
}

/** One Map item of ApplyLevel. */
export interface ResourceStep {
  uid: string;
  form: string;
  execution: string;
  startTime: string;
  id: string;
  /** Resources that failed or were skipped so far: their dependents may be skipped in turn. */
  failedIds: string[];
  skippedIds: string[];
}

export type ResourceOutcome = 'applied' | 'ready' | 'failed' | 'skipped';

/** ApplyResource's and CheckReady's output. */
export interface ResourceProgress extends ResourceStep {
  outcome: ResourceOutcome;
  /** Seconds WaitBeforeNextCheck waits when CheckReady reports "not ready yet". */
  waitSeconds: number;
  /** When the current version of the object was first applied (ISO), for timeoutSeconds. */
  appliedAt: string;
  message: string;
  /** Consecutive checks that saw a transient provider error (Crossplane Synced=False); absent when none. */
  providerErrorChecks?: number;
}

/** Error names the state machine routes on. */
export const ERROR_NOT_READY = 'Lynq.NotReady';
export const ERROR_RETRYABLE = 'Lynq.Retryable';
export const ERROR_SUPERSEDED = 'Lynq.Superseded';
export const ERROR_PERMANENT = 'Lynq.Permanent';
export const ERROR_NODE_FAILED = 'Lynq.NodeFailed';

/** The LynqNode record (one per node x form) as this project stores it in the cluster. */
export interface LynqNodeSpec {
  uid: string;
  form: string;
  hubId: string;
  /** Hash of (row values, form content) this record is being reconciled towards. */
  desiredHash: string;
  /** The node's template variables, so every step renders from the same row. */
  values: NodeValues;
}

export interface LynqNodeCondition {
  type: 'Ready' | 'Progressing' | 'Degraded';
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
}

/** Where one form resource was placed: enough to find it again for deletion or orphan cleanup, custom resources included. */
export interface AppliedRef {
  /** Resource id in the form. */
  id: string;
  apiVersion: string;
  kind: string;
  name: string;
  /** Absent for cluster-scoped kinds. */
  namespace?: string;
}

export interface LynqNodeStatus {
  /** Hash of the last execution that finished (ready or failed). */
  reconciledHash?: string;
  desiredResources: number;
  readyResources: number;
  failedResources: number;
  skippedResources: number;
  failedResourceIds: string[];
  skippedResourceIds: string[];
  /** `Kind/namespace/name@id` of every object the form places, for orphan cleanup. */
  appliedResources: string[];
  /** Machine-readable form of appliedResources (with apiVersion), used for orphan cleanup and deletion. */
  appliedRefs?: AppliedRef[];
  /** `ready/desired`, written by the LynqNode store for the READY printer column. */
  readySummary?: string;
  currentExecution?: string;
  lastExecution?: string;
  /** What the current (or last) execution set out to do: a failed deletion is retried with backoff too. */
  lastAction?: 'apply' | 'delete';
  /** Consecutive failed executions for this desired hash; drives the sync's retry backoff. */
  retryCount: number;
  lastFailureTime?: string;
  conditions: LynqNodeCondition[];
}

export interface LynqNodeRecord {
  name: string;
  namespace: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels: Record<string, string>;
  spec: LynqNodeSpec;
  status?: LynqNodeStatus;
}

/**
 * A record as the sync reads it: without the row values and the applied refs, which the sync plan
 * never uses and which make up most of a record. A full LynqNodeRecord is one too.
 */
export interface LynqNodeSummary extends Omit<LynqNodeRecord, 'spec' | 'status'> {
  spec: Omit<LynqNodeSpec, 'values'>;
  status?: Omit<LynqNodeStatus, 'appliedRefs' | 'appliedResources'>;
}
