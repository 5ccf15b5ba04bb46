// Validation of state machine payloads at the Lambda edges, by the schemas of payload-schemas.ts:
// a hand-started execution with a typo gets a message that names the field, not a TypeError deep inside.
import type * as z from './zod-api';
import {
  APPLY_INPUT_SCHEMA, EXECUTION_INPUT_SCHEMA, LOAD_NODE_EVENT_SCHEMA, NODE_RUN_WITH_RESULTS_SCHEMA, RECORD_RESULT_EVENT_SCHEMA,
  RESOURCE_PROGRESS_SCHEMA, RESOURCE_STEP_SCHEMA,
} from './payload-schemas';
import type { ExecutionInput, ResourceProgress, ResourceStep } from './workflow-contracts';
import { PermanentError } from './workflow-errors';

export type LoadNodeEvent = z.output<typeof LOAD_NODE_EVENT_SCHEMA>;
export type ApplyInput = z.output<typeof APPLY_INPUT_SCHEMA>;
export type NodeRunWithResults = z.output<typeof NODE_RUN_WITH_RESULTS_SCHEMA>;
/** One resource's result within a level. */
export type LevelResult = NodeRunWithResults['levelResults'][number];
export type RecordResultEvent = z.output<typeof RECORD_RESULT_EVENT_SCHEMA>;

function describeJson(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** `value` read by `schema`; otherwise a PermanentError naming the payload and every bad field. */
export function parsePayload<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PermanentError(`${what}: expected a JSON object, got ${describeJson(value)}`);
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `field "${issue.path.map(String).join('.')}" ${issue.message}`);
  throw new PermanentError(`${what}: ${problems.join('; ')}`);
}

/** The execution input, as a user types it in the console. */
export function parseExecutionInput(value: unknown): ExecutionInput {
  return parsePayload(EXECUTION_INPUT_SCHEMA, value, 'execution input (expected {"uid": "<node uid>"}, optionally "form" and "allowDelete": true)');
}

export function parseLoadNodeEvent(value: unknown): LoadNodeEvent {
  return parsePayload(LOAD_NODE_EVENT_SCHEMA, value, 'LoadNode event');
}

export function parseResourceStep(value: unknown): ResourceStep {
  return parsePayload(RESOURCE_STEP_SCHEMA, value, 'resource step');
}

export function parseResourceProgress(value: unknown): ResourceProgress {
  return parsePayload(RESOURCE_PROGRESS_SCHEMA, value, 'resource progress');
}

/** ApplyResource's input: the Map item, or (after a wait for a deletion) the previous progress. */
export function parseApplyInput(value: unknown): ApplyInput {
  return parsePayload(APPLY_INPUT_SCHEMA, value, 'resource step');
}

export function parseNodeRun(value: unknown): NodeRunWithResults {
  return parsePayload(NODE_RUN_WITH_RESULTS_SCHEMA, value, 'node run');
}

export function parseRecordResultEvent(value: unknown): RecordResultEvent {
  return parsePayload(RECORD_RESULT_EVENT_SCHEMA, value, 'record result event');
}
