// The payloads that flow through statemachines/reconcile-node.asl.json (DESIGN §6), as schemas:
// their types (workflow-contracts.ts) are derived from these, so a payload is declared once.
// They carry ids and small status objects only: never rendered manifests or secret values.
// Each error message is the field's expectation, never the value it got.
import * as z from './zod-api';
import { DRIFT_REPORT_SCHEMA } from './drift-report-schemas';

const nonEmptyString = z.string({ error: 'must be a non-empty string' }).min(1, { error: 'must be a non-empty string' });
const stringArray = z.array(z.string(), { error: 'must be an array of strings' });
/** Informational fields a missing or mistyped value must not fail a step for. */
const lenientString = z.string().catch('');

/**
 * What a user (or the sync) starts an execution with. Keys other than uid, form and allowDelete
 * are ignored: the console fills its start dialog with a `Comment` key, and an operator who leaves
 * it in must not get a failed execution.
 */
export const EXECUTION_INPUT_SCHEMA = z.object({
  uid: nonEmptyString,
  /** Required only when the hub has several forms. */
  form: nonEmptyString.optional(),
  /**
   * The only way an execution may deprovision its node: set by the sync on a deletion that passed
   * the mass-deletion guard, or by an operator on purpose. Without it, a node whose row is gone or
   * inactive is left as it is. It must be the JSON boolean: "true" or 1 is refused, so a typo can
   * never deprovision a node; false is dropped.
   */
  allowDelete: z.boolean({ error: 'must be true or false' }).optional().transform((value) => (value === true ? true : undefined)),
  /**
   * Set by a drift detection round: what drifted. The execution records it on the LynqNode and
   * writes the listed resources even where their applied hash matches (a repair).
   */
  drift: DRIFT_REPORT_SCHEMA.optional(),
}).transform(({ uid, form, allowDelete, drift }) => ({
  uid,
  ...(form !== undefined ? { form } : {}),
  ...(allowDelete ? { allowDelete } : {}),
  ...(drift ? { drift } : {}),
}));

/** LoadNode's event: the execution input (checked by LoadNode itself), the execution's name and start. */
export const LOAD_NODE_EVENT_SCHEMA = z.object({
  input: z.unknown().optional(),
  execution: nonEmptyString,
  startTime: nonEmptyString,
});

export const NODE_ACTIONS = ['apply', 'delete', 'none'] as const;

/** LoadNode's output: the execution's working state, threaded through the level loop. */
export const NODE_RUN_SCHEMA = z.object({
  uid: nonEmptyString,
  form: nonEmptyString,
  execution: nonEmptyString,
  /** Execution start (ISO 8601); pins the templates' `now`. */
  startTime: nonEmptyString,
  action: z.enum(NODE_ACTIONS, { error: `must be one of ${NODE_ACTIONS.join(', ')}` }),
  reason: lenientString,
  desiredHash: lenientString,
  levels: z.array(z.array(z.string()), { error: 'must be an array of arrays' }),
  levelIndex: z.number().catch(0),
  currentLevel: stringArray,
  readyIds: stringArray,
  failedIds: stringArray,
  skippedIds: stringArray,
  /** `id: reason` of each failed resource, short, for the LynqNode and the execution's cause. */
  failureMessages: z.array(z.unknown()).transform((messages) => messages.map(String)).catch([]),
});

/**
 * One Map item of ApplyLevel. Which resources failed or were skipped so far is read from the
 * LynqNode, not passed to every item: the payload stays linear in the number of resources.
 */
export const RESOURCE_STEP_SCHEMA = z.object({
  uid: nonEmptyString,
  form: nonEmptyString,
  execution: nonEmptyString,
  startTime: nonEmptyString,
  id: nonEmptyString,
});

/** ApplyResource's input: the Map item, or (after a wait for a deletion) the previous progress. */
export const APPLY_INPUT_SCHEMA = RESOURCE_STEP_SCHEMA.extend({
  waitingSince: z.string().optional().catch(undefined).transform((since) => (since === '' ? undefined : since)),
}).transform(({ waitingSince, ...step }) => (waitingSince !== undefined ? { ...step, waitingSince } : step));

/**
 * ready / failed / skipped end the resource's branch. waiting: check again after waitSeconds.
 * deleting: the live object is still being deleted (or is gone); apply again after waitSeconds.
 */
export const RESOURCE_OUTCOMES = ['waiting', 'deleting', 'ready', 'failed', 'skipped'] as const;

/** ApplyResource's and CheckReady's output, routed by the RouteResource Choice. */
export const RESOURCE_PROGRESS_SCHEMA = RESOURCE_STEP_SCHEMA.extend({
  outcome: z.enum(RESOURCE_OUTCOMES, { error: `must be one of ${RESOURCE_OUTCOMES.join(', ')}` }),
  /** Seconds the next Wait lasts (waiting, deleting); 0 otherwise. */
  waitSeconds: z.number({ error: 'must be a number' }),
  /** When this execution started waiting for the resource (ISO): timeoutSeconds counts from here. */
  waitingSince: nonEmptyString,
  /** The provider's phase last seen (e.g. RDS `creating`) and since when, for adaptive waits. */
  phase: z.string().optional().catch(undefined),
  phaseSince: z.string().optional().catch(undefined),
  message: lenientString,
  /** Consecutive checks that saw a transient provider error (Crossplane Synced=False); absent when none. */
  providerErrorChecks: z.number().optional().catch(undefined),
});

/** ApplyLevel's ResultSelector: one entry per resource, in the same order in the three arrays. */
export const LEVEL_RESULTS_SCHEMA = z.object({
  ids: stringArray,
  outcomes: z.array(z.unknown()).catch([]),
  messages: z.array(z.unknown()).catch([]),
}, { error: 'must be an object' }).check((ctx) => {
  const { ids, outcomes, messages } = ctx.value;
  if (outcomes.length !== ids.length || messages.length !== ids.length) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: `has ${ids.length} ids, ${outcomes.length} outcomes and ${messages.length} messages` });
  }
});

/**
 * RecordLevel's and DeleteResources' input: the node run, with the level's results. Only ready and
 * skipped are successes of a branch; anything else (a Pass state's `failed`) failed.
 */
export const NODE_RUN_WITH_RESULTS_SCHEMA = NODE_RUN_SCHEMA.extend({
  levelResults: LEVEL_RESULTS_SCHEMA.optional().transform((results) => (results === undefined ? [] : results.ids.map((id, i) => {
    const outcome = results.outcomes[i];
    const message = results.messages[i];
    return {
      id,
      outcome: outcome === 'ready' || outcome === 'skipped' ? outcome : 'failed' as const,
      message: typeof message === 'string' ? message : '',
    };
  }))),
});

/**
 * RecordReady's and RecordFailure's event. `run` is the run state, or after an early failure the
 * execution input plus `error`, so every field of it is optional and read as far as it is usable.
 */
export const RECORD_RESULT_EVENT_SCHEMA = z.object({
  result: z.enum(['ready', 'failed'], { error: 'must be "ready" or "failed"' }),
  execution: z.string({ error: 'must be a string' }),
  run: z.looseObject({
    uid: z.unknown().optional(),
    form: z.unknown().optional(),
    execution: z.string().optional().catch(undefined),
    desiredHash: z.string().optional().catch(undefined),
    failedIds: z.array(z.string()).optional().catch(undefined),
    skippedIds: z.array(z.string()).optional().catch(undefined),
    failureMessages: z.array(z.string()).optional().catch(undefined),
    error: z.object({ Error: z.string().optional().catch(undefined), Cause: z.string().optional().catch(undefined) }).optional().catch(undefined),
  }, { error: 'must be an object' }),
});
