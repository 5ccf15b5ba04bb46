// Payloads that flow through statemachines/reconcile-node.asl.json (DESIGN §6).
// They carry ids and small status objects only: never rendered manifests or secret values.
import type { NodeValues } from '../config/config-model';

/** What a user (or the sync) starts an execution with. */
export interface ExecutionInput {
  uid: string;
  /** Required only when the hub has several forms. */
  form?: string;
  /**
   * The only way an execution may deprovision its node: set by the sync on a deletion that passed
   * the mass-deletion guard, or by an operator on purpose. Without it, a node whose row is gone or
   * inactive is left as it is.
   */
  allowDelete?: boolean;
  /**
   * Set by a drift detection round: what drifted. The execution records it on the LynqNode and
   * writes the listed resources even where their applied hash matches (a repair).
   */
  drift?: DriftReport;
}

export type DriftReason = 'missing' | 'fields-taken-over';

/** One drifted object. Field paths only, never values; a Secret's no deeper than `.data`. */
export interface DriftedResource {
  /** Resource id in the form. */
  id: string;
  kind: string;
  name: string;
  namespace?: string;
  reason: DriftReason;
  /** reason fields-taken-over: the fields (at most a few) and the managers that own them now. */
  fields?: string[];
  managers?: string[];
}

export interface DriftReport {
  /** When the detection round saw it (ISO). */
  detectedAt: string;
  resources: DriftedResource[];
}

/** status.drift of a LynqNode: the last drift seen and the execution that repairs it. */
export interface DriftStatus extends DriftReport {
  repairExecution: string;
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

/**
 * One Map item of ApplyLevel. Which resources failed or were skipped so far is read from the
 * LynqNode, not passed to every item: the payload stays linear in the number of resources.
 */
export interface ResourceStep {
  uid: string;
  form: string;
  execution: string;
  startTime: string;
  id: string;
}

/**
 * ready / failed / skipped end the resource's branch. waiting: check again after waitSeconds.
 * deleting: the live object is still being deleted (or is gone); apply again after waitSeconds.
 */
export type ResourceOutcome = 'waiting' | 'deleting' | 'ready' | 'failed' | 'skipped';
export const RESOURCE_OUTCOMES: readonly ResourceOutcome[] = ['waiting', 'deleting', 'ready', 'failed', 'skipped'];

/** ApplyResource's and CheckReady's output, routed by the RouteResource Choice. */
export interface ResourceProgress extends ResourceStep {
  outcome: ResourceOutcome;
  /** Seconds the next Wait lasts (waiting, deleting); 0 otherwise. */
  waitSeconds: number;
  /** When this execution started waiting for the resource (ISO): timeoutSeconds counts from here. */
  waitingSince: string;
  /** The provider's phase last seen (e.g. RDS `creating`) and since when, for adaptive waits. */
  phase?: string;
  phaseSince?: string;
  message: string;
  /** Consecutive checks that saw a transient provider error (Crossplane Synced=False); absent when none. */
  providerErrorChecks?: number;
}

/** ApplyLevel's ResultSelector: one entry per resource, in the same order in the three arrays. */
export interface LevelResults {
  ids: string[];
  outcomes: string[];
  messages: string[];
}

/** Error names the state machine routes on. */
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
  /**
   * The claim the current execution holds: written by LoadNode in the same status write as
   * currentExecution. The sync judges a claim lost by its age, and every write an execution makes
   * on the node checks that this claim is still its own.
   */
  claim?: NodeClaim;
  lastExecution?: string;
  /** What the current (or last) execution set out to do: a failed deletion is retried with backoff too. */
  lastAction?: 'apply' | 'delete';
  /** Consecutive failed executions for this desired hash; drives the sync's retry backoff. */
  retryCount: number;
  lastFailureTime?: string;
  /** After a failure: when the sync's retry backoff ends and it starts the node again (ISO time). */
  nextRetryTime?: string;
  conditions: LynqNodeCondition[];
  /** The last drift a detection round found, kept after its repair for the record. */
  drift?: DriftStatus;
}

export interface NodeClaim {
  execution: string;
  /** When LoadNode claimed the node (ISO). */
  claimedAt: string;
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
