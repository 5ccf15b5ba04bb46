// The LynqNode record (one per node x form) as this project stores it in the cluster, as schemas:
// a record read back (possibly edited by hand, or written by another version) is checked field by
// field before any step trusts it. The types in workflow-contracts.ts are derived from these.
import * as z from './zod-api';
import { DRIFT_STATUS_SCHEMA } from './drift-report-schemas';

/** A template variable's value: SQL types are kept (DESIGN §3). */
const NODE_VALUE_SCHEMA = z.union([z.string(), z.number(), z.boolean(), z.null()], { error: 'must be a string, number, boolean or null' });

/** The node's template variables, so every step renders from the same row. */
export const NODE_VALUES_SCHEMA = z.object({
  uid: z.string({ error: 'must be a string' }),
  activate: z.boolean({ error: 'must be true or false' }),
}, { error: 'must be an object' }).catchall(NODE_VALUE_SCHEMA);

export const LYNQNODE_SPEC_SCHEMA = z.object({
  uid: z.string({ error: 'must be a string' }),
  form: z.string({ error: 'must be a string' }),
  hubId: z.string({ error: 'must be a string' }),
  /** Hash of (row values, form content) this record is being reconciled towards. */
  desiredHash: z.string({ error: 'must be a string' }),
  /**
   * The form's content hash that desiredHash was computed with: lets the sync tell a form change
   * (rolled out under maxSkew) from a row change (never held back). Absent on records written before.
   */
  formHash: z.string({ error: 'must be a string' }).optional(),
  values: NODE_VALUES_SCHEMA,
}, { error: 'must be an object' });

export const LYNQNODE_CONDITION_SCHEMA = z.object({
  type: z.enum(['Ready', 'Progressing', 'Degraded'], { error: 'must be Ready, Progressing or Degraded' }),
  status: z.enum(['True', 'False', 'Unknown'], { error: 'must be True, False or Unknown' }),
  reason: z.string({ error: 'must be a string' }),
  message: z.string({ error: 'must be a string' }),
  lastTransitionTime: z.string({ error: 'must be a string' }),
});

/** Where one form resource was placed: enough to find it again for deletion or orphan cleanup, custom resources included. */
export const APPLIED_REF_SCHEMA = z.object({
  /** Resource id in the form. */
  id: z.string({ error: 'must be a string' }),
  apiVersion: z.string({ error: 'must be a string' }),
  kind: z.string({ error: 'must be a string' }),
  name: z.string({ error: 'must be a string' }),
  /** Absent for cluster-scoped kinds. */
  namespace: z.string({ error: 'must be a string' }).optional(),
});

export const NODE_CLAIM_SCHEMA = z.object({
  execution: z.string({ error: 'must be a string' }),
  /** When LoadNode claimed the node (ISO). */
  claimedAt: z.string({ error: 'must be a string' }),
});

const count = z.number({ error: 'must be a number' });
const strings = z.array(z.string(), { error: 'must be a list of strings' });
const optionalString = z.string({ error: 'must be a string' }).optional();

export const LYNQNODE_STATUS_SCHEMA = z.object({
  /** Hash of the last execution that finished (ready or failed). */
  reconciledHash: optionalString,
  desiredResources: count,
  readyResources: count,
  failedResources: count,
  skippedResources: count,
  failedResourceIds: strings,
  skippedResourceIds: strings,
  /** `Kind/namespace/name@id` of every object the form places, for orphan cleanup. */
  appliedResources: strings,
  /** Machine-readable form of appliedResources (with apiVersion), used for orphan cleanup and deletion. */
  appliedRefs: z.array(APPLIED_REF_SCHEMA, { error: 'must be a list' }).optional(),
  /** `ready/desired`, written by the LynqNode store for the READY printer column. */
  readySummary: optionalString,
  currentExecution: optionalString,
  /**
   * The claim the current execution holds: written by LoadNode in the same status write as
   * currentExecution. The sync judges a claim lost by its age, and every write an execution makes
   * on the node checks that this claim is still its own.
   */
  claim: NODE_CLAIM_SCHEMA.optional(),
  lastExecution: optionalString,
  /** What the current (or last) execution set out to do: a failed deletion is retried with backoff too. */
  lastAction: z.enum(['apply', 'delete'], { error: 'must be apply or delete' }).optional(),
  /** Consecutive failed executions for this desired hash; drives the sync's retry backoff. */
  retryCount: count,
  lastFailureTime: optionalString,
  /** After a failure: when the sync's retry backoff ends and it starts the node again (ISO time). */
  nextRetryTime: optionalString,
  conditions: z.array(LYNQNODE_CONDITION_SCHEMA, { error: 'must be a list' }),
  /** The last drift a detection round found, kept after its repair for the record. */
  drift: DRIFT_STATUS_SCHEMA.optional(),
}, { error: 'must be an object' });

/**
 * What the sync keeps of a record (LynqNodeSummary): the spec without the row values, the status
 * without the applied resources. A list item is parsed with these, so the parts the sync drops
 * (most of a record) are never validated there; an execution reads its record in full.
 */
export const LYNQNODE_SUMMARY_SPEC_SCHEMA = LYNQNODE_SPEC_SCHEMA.omit({ values: true });
export const LYNQNODE_SUMMARY_STATUS_SCHEMA = LYNQNODE_STATUS_SCHEMA.omit({ appliedResources: true, appliedRefs: true });
