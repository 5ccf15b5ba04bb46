// Validation of state machine payloads at the Lambda edges: a hand-started execution
// with a typo gets a message that names the field, not a TypeError deep inside.
import { RESOURCE_OUTCOMES, type DriftReport, type DriftedResource, type ExecutionInput, type NodeRun, type ResourceOutcome, type ResourceProgress, type ResourceStep } from './workflow-contracts';
import { PermanentError } from './workflow-errors';

type Json = Record<string, unknown>;

function objectOf(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PermanentError(`${what}: expected a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return value as Json;
}

function stringField(obj: Json, field: string, what: string): string {
  const value = obj[field];
  if (typeof value !== 'string' || value === '') throw new PermanentError(`${what}: field "${field}" must be a non-empty string`);
  return value;
}

function stringArrayField(obj: Json, field: string, what: string): string[] {
  const value = obj[field];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new PermanentError(`${what}: field "${field}" must be an array of strings`);
  }
  return value as string[];
}

/**
 * The execution input. Keys other than uid, form and allowDelete are ignored: the console fills
 * its start dialog with a `Comment` key, and an operator who leaves it in must not get a failed
 * execution. allowDelete must be the JSON boolean true to count: "true" or 1 is refused, so a
 * typo can never deprovision a node.
 */
export function parseExecutionInput(value: unknown): ExecutionInput {
  const what = 'execution input (expected {"uid": "<node uid>"}, optionally "form" and "allowDelete": true)';
  const obj = objectOf(value, what);
  const uid = stringField(obj, 'uid', what);
  const form = obj.form === undefined ? undefined : stringField(obj, 'form', what);
  if (obj.allowDelete !== undefined && typeof obj.allowDelete !== 'boolean') {
    throw new PermanentError(`${what}: field "allowDelete" must be true or false`);
  }
  const input: ExecutionInput = { uid };
  if (form !== undefined) input.form = form;
  if (obj.allowDelete === true) input.allowDelete = true;
  if (obj.drift !== undefined) input.drift = parseDriftReport(obj.drift);
  return input;
}

/** The `drift` of an execution input (a detection round's repair, or a hand-started one). */
function parseDriftReport(value: unknown): DriftReport {
  const what = 'execution input field "drift" (expected {"detectedAt": "<ISO time>", "resources": [{"id", "kind", "name", "reason"}]})';
  const obj = objectOf(value, what);
  const detectedAt = stringField(obj, 'detectedAt', what);
  if (!Array.isArray(obj.resources)) throw new PermanentError(`${what}: field "resources" must be an array`);
  const resources = obj.resources.map((item, i): DriftedResource => {
    const where = `${what}: resources[${i}]`;
    const r = objectOf(item, where);
    const reason = r.reason;
    if (reason !== 'missing' && reason !== 'fields-taken-over') throw new PermanentError(`${where}: field "reason" must be "missing" or "fields-taken-over"`);
    const resource: DriftedResource = { id: stringField(r, 'id', where), kind: stringField(r, 'kind', where), name: stringField(r, 'name', where), reason };
    if (r.namespace !== undefined) resource.namespace = stringField(r, 'namespace', where);
    if (r.fields !== undefined) resource.fields = stringArrayField(r, 'fields', where);
    if (r.managers !== undefined) resource.managers = stringArrayField(r, 'managers', where);
    return resource;
  });
  return { detectedAt, resources };
}

export interface LoadNodeEvent {
  input: unknown;
  execution: string;
  startTime: string;
}

export function parseLoadNodeEvent(value: unknown): LoadNodeEvent {
  const obj = objectOf(value, 'LoadNode event');
  return { input: obj.input, execution: stringField(obj, 'execution', 'LoadNode event'), startTime: stringField(obj, 'startTime', 'LoadNode event') };
}

export function parseResourceStep(value: unknown): ResourceStep {
  const what = 'resource step';
  const obj = objectOf(value, what);
  return {
    uid: stringField(obj, 'uid', what),
    form: stringField(obj, 'form', what),
    execution: stringField(obj, 'execution', what),
    startTime: stringField(obj, 'startTime', what),
    id: stringField(obj, 'id', what),
  };
}

function isOutcome(value: unknown): value is ResourceOutcome {
  return typeof value === 'string' && (RESOURCE_OUTCOMES as readonly string[]).includes(value);
}

export function parseResourceProgress(value: unknown): ResourceProgress {
  const what = 'resource progress';
  const obj = objectOf(value, what);
  if (!isOutcome(obj.outcome)) throw new PermanentError(`${what}: field "outcome" must be one of ${RESOURCE_OUTCOMES.join(', ')}`);
  if (typeof obj.waitSeconds !== 'number') throw new PermanentError(`${what}: field "waitSeconds" must be a number`);
  const progress: ResourceProgress = {
    ...parseResourceStep(obj),
    outcome: obj.outcome,
    waitSeconds: obj.waitSeconds,
    waitingSince: stringField(obj, 'waitingSince', what),
    message: typeof obj.message === 'string' ? obj.message : '',
    ...(typeof obj.providerErrorChecks === 'number' ? { providerErrorChecks: obj.providerErrorChecks } : {}),
  };
  if (typeof obj.phase === 'string') progress.phase = obj.phase;
  if (typeof obj.phaseSince === 'string') progress.phaseSince = obj.phaseSince;
  return progress;
}

/** ApplyResource's input: the Map item, or (after a wait for a deletion) the previous progress. */
export function parseApplyInput(value: unknown): ResourceStep & { waitingSince?: string } {
  const step = parseResourceStep(value);
  const since = (value as Json).waitingSince;
  return typeof since === 'string' && since !== '' ? { ...step, waitingSince: since } : step;
}

/** One resource's result within a level. */
export interface LevelResult {
  id: string;
  outcome: ResourceOutcome;
  message: string;
}

/** The level's results from ApplyLevel's ResultSelector (three arrays in the same order). */
function parseLevelResults(value: unknown, what: string): LevelResult[] {
  if (value === undefined) return [];
  const obj = objectOf(value, `${what}: levelResults`);
  const ids = stringArrayField(obj, 'ids', `${what}: levelResults`);
  const outcomes = Array.isArray(obj.outcomes) ? obj.outcomes : [];
  const messages = Array.isArray(obj.messages) ? obj.messages : [];
  if (outcomes.length !== ids.length || messages.length !== ids.length) {
    throw new PermanentError(`${what}: levelResults has ${ids.length} ids, ${outcomes.length} outcomes and ${messages.length} messages`);
  }
  // Only ready and skipped are successes of a branch; anything else (a Pass state's `failed`) failed.
  return ids.map((id, i) => ({
    id,
    outcome: outcomes[i] === 'ready' || outcomes[i] === 'skipped' ? outcomes[i] as ResourceOutcome : 'failed',
    message: typeof messages[i] === 'string' ? messages[i] as string : '',
  }));
}

export function parseNodeRun(value: unknown): NodeRun & { levelResults: LevelResult[] } {
  const what = 'node run';
  const obj = objectOf(value, what);
  const levels = obj.levels;
  if (!Array.isArray(levels) || levels.some((l) => !Array.isArray(l))) throw new PermanentError(`${what}: field "levels" must be an array of arrays`);
  const levelResults = parseLevelResults(obj.levelResults, what);
  return {
    uid: stringField(obj, 'uid', what),
    form: stringField(obj, 'form', what),
    execution: stringField(obj, 'execution', what),
    startTime: stringField(obj, 'startTime', what),
    action: stringField(obj, 'action', what) as NodeRun['action'],
    reason: typeof obj.reason === 'string' ? obj.reason : '',
    desiredHash: typeof obj.desiredHash === 'string' ? obj.desiredHash : '',
    levels: levels as string[][],
    levelIndex: typeof obj.levelIndex === 'number' ? obj.levelIndex : 0,
    currentLevel: stringArrayField(obj, 'currentLevel', what),
    readyIds: stringArrayField(obj, 'readyIds', what),
    failedIds: stringArrayField(obj, 'failedIds', what),
    skippedIds: stringArrayField(obj, 'skippedIds', what),
    failureMessages: Array.isArray(obj.failureMessages) ? obj.failureMessages.map(String) : [],
    levelResults,
  };
}

export interface RecordResultEvent {
  result: 'ready' | 'failed';
  execution: string;
  /** The run state; after an early failure, the execution input plus `error`. */
  run: Partial<NodeRun> & { uid?: unknown; form?: unknown; error?: { Error?: string; Cause?: string } };
}

export function parseRecordResultEvent(value: unknown): RecordResultEvent {
  const obj = (value ?? {}) as Record<string, unknown>;
  if (obj.result !== 'ready' && obj.result !== 'failed') throw new PermanentError('record result event: field "result" must be "ready" or "failed"');
  if (typeof obj.execution !== 'string') throw new PermanentError('record result event: field "execution" must be a string');
  if (typeof obj.run !== 'object' || obj.run === null) throw new PermanentError('record result event: field "run" must be an object');
  return obj as unknown as RecordResultEvent;
}
