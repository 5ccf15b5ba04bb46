// Payloads that flow through statemachines/reconcile-node.asl.json (DESIGN §6).
// They carry ids and small status objects only: never rendered manifests or secret values.
import type { z } from 'zod';
import type { NodeValues } from '../config/config-model';
import {
  EXECUTION_INPUT_SCHEMA, LEVEL_RESULTS_SCHEMA, NODE_ACTIONS, NODE_RUN_SCHEMA, RESOURCE_OUTCOMES, RESOURCE_PROGRESS_SCHEMA, RESOURCE_STEP_SCHEMA,
} from './payload-schemas';

// The payload types are derived from their schemas (payload-schemas.ts), declared once there.
export type ExecutionInput = z.output<typeof EXECUTION_INPUT_SCHEMA>;
export type NodeAction = (typeof NODE_ACTIONS)[number];
export type NodeRun = z.output<typeof NODE_RUN_SCHEMA>;
export type ResourceStep = z.output<typeof RESOURCE_STEP_SCHEMA>;
export type ResourceOutcome = (typeof RESOURCE_OUTCOMES)[number];
export { RESOURCE_OUTCOMES };
export type ResourceProgress = z.output<typeof RESOURCE_PROGRESS_SCHEMA>;
export type LevelResults = z.input<typeof LEVEL_RESULTS_SCHEMA>;

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
