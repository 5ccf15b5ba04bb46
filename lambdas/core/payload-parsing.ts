// Validation of state machine payloads at the Lambda edges: a hand-started execution
// with a typo gets a message that names the field, not a TypeError deep inside.
import type { ExecutionInput, NodeRun, ResourceProgress, ResourceStep } from './workflow-contracts';
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

export function parseExecutionInput(value: unknown): ExecutionInput {
  const what = 'execution input (expected {"uid": "<node uid>"} and optionally "form")';
  const obj = objectOf(value, what);
  const unknown = Object.keys(obj).filter((k) => k !== 'uid' && k !== 'form');
  if (unknown.length > 0) throw new PermanentError(`${what}: unknown field(s) ${unknown.map((k) => `"${k}"`).join(', ')}`);
  const uid = stringField(obj, 'uid', what);
  const form = obj.form === undefined ? undefined : stringField(obj, 'form', what);
  return form === undefined ? { uid } : { uid, form };
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
    failedIds: stringArrayField(obj, 'failedIds', what),
    skippedIds: stringArrayField(obj, 'skippedIds', what),
  };
}

const OUTCOMES = ['applied', 'ready', 'failed', 'skipped'];

export function parseResourceProgress(value: unknown): ResourceProgress {
  const what = 'resource progress';
  const obj = objectOf(value, what);
  const outcome = obj.outcome;
  if (typeof outcome !== 'string' || !OUTCOMES.includes(outcome)) throw new PermanentError(`${what}: field "outcome" must be one of ${OUTCOMES.join(', ')}`);
  if (typeof obj.waitSeconds !== 'number') throw new PermanentError(`${what}: field "waitSeconds" must be a number`);
  return {
    ...parseResourceStep(obj),
    outcome: outcome as ResourceProgress['outcome'],
    waitSeconds: obj.waitSeconds,
    appliedAt: typeof obj.appliedAt === 'string' ? obj.appliedAt : '',
    message: typeof obj.message === 'string' ? obj.message : '',
    ...(typeof obj.providerErrorChecks === 'number' ? { providerErrorChecks: obj.providerErrorChecks } : {}),
  };
}

/** A level's Map output: ResourceProgress items, or ResourceFailed's `{id, outcome: 'failed', message}`. */
export interface LevelResult {
  id: string;
  outcome: ResourceProgress['outcome'];
  message: string;
}

export function parseNodeRun(value: unknown): NodeRun & { levelResults: LevelResult[] } {
  const what = 'node run';
  const obj = objectOf(value, what);
  const levels = obj.levels;
  if (!Array.isArray(levels) || levels.some((l) => !Array.isArray(l))) throw new PermanentError(`${what}: field "levels" must be an array of arrays`);
  const rawResults = Array.isArray(obj.levelResults) ? obj.levelResults : [];
  const levelResults = rawResults.map((r, i) => {
    const item = objectOf(r, `${what}: levelResults[${i}]`);
    const outcome = typeof item.outcome === 'string' && OUTCOMES.includes(item.outcome) ? (item.outcome as LevelResult['outcome']) : 'failed';
    return { id: stringField(item, 'id', `${what}: levelResults[${i}]`), outcome, message: typeof item.message === 'string' ? item.message : '' };
  });
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
