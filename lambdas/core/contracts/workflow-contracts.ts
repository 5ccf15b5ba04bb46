// Payloads that flow through statemachines/reconcile-node.asl.json (DESIGN §6).
// They carry ids and small status objects only: never rendered manifests or secret values.
import type * as z from './zod-api';
import type {
  APPLIED_REF_SCHEMA, LYNQNODE_CONDITION_SCHEMA, LYNQNODE_SPEC_SCHEMA, LYNQNODE_STATUS_SCHEMA, LYNQNODE_SUMMARY_SPEC_SCHEMA, LYNQNODE_SUMMARY_STATUS_SCHEMA,
  NODE_CLAIM_SCHEMA,
} from './lynqnode-record-schemas';
import {
  EXECUTION_INPUT_SCHEMA, LEVEL_RESULTS_SCHEMA, NODE_ACTIONS, NODE_RUN_SCHEMA, RESOURCE_OUTCOMES, RESOURCE_PROGRESS_SCHEMA, RESOURCE_STEP_SCHEMA,
} from './payload-schemas';
import type { DRIFT_REASONS, DRIFT_REPORT_SCHEMA, DRIFT_STATUS_SCHEMA, DRIFTED_RESOURCE_SCHEMA } from './drift-report-schemas';

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

// The LynqNode record's parts, derived from their schemas (lynqnode-record-schemas.ts).
export type LynqNodeSpec = z.output<typeof LYNQNODE_SPEC_SCHEMA>;
export type LynqNodeCondition = z.output<typeof LYNQNODE_CONDITION_SCHEMA>;
export type AppliedRef = z.output<typeof APPLIED_REF_SCHEMA>;
export type LynqNodeStatus = z.output<typeof LYNQNODE_STATUS_SCHEMA>;
export type DriftReason = (typeof DRIFT_REASONS)[number];
export type DriftedResource = z.output<typeof DRIFTED_RESOURCE_SCHEMA>;
export type DriftReport = z.output<typeof DRIFT_REPORT_SCHEMA>;
export type DriftStatus = z.output<typeof DRIFT_STATUS_SCHEMA>;
export type NodeClaim = z.output<typeof NODE_CLAIM_SCHEMA>;

/** The LynqNode record (one per node x form) as this project stores it in the cluster. */
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
 * A record as the sync reads it: without the row values, the applied refs and the labels, which the
 * sync plan never uses (it selects by hub on the server) and which make up most of a record. A full
 * LynqNodeRecord is one too.
 */
export interface LynqNodeSummary extends Omit<LynqNodeRecord, 'spec' | 'status' | 'labels'> {
  spec: z.output<typeof LYNQNODE_SUMMARY_SPEC_SCHEMA>;
  status?: z.output<typeof LYNQNODE_SUMMARY_STATUS_SCHEMA>;
}
