// Worst case of one reconcile execution against Step Functions' hard limits (DESIGN §11):
// 25,000 history events per execution and 256 KB per payload (States.DataLimitExceeded cannot be
// caught). Checked at synth, so a form that could hit either is refused before it is deployed.
// Pure: it counts from the forms and from the state machine's shape (reconcile-node.asl.json).
import type { FormConfig } from './config-model';
import { maxChecksWithin } from '../readiness/readiness-wait';

export const MAX_HISTORY_EVENTS = 25_000;
export const MAX_PAYLOAD_BYTES = 256 * 1024;

/** Lambda Task: Entered, Scheduled, Started, Succeeded/Failed, Exited. */
const TASK_EVENTS = 5;
/** Each retry of a Task: Scheduled, Started, Failed/TimedOut. The ASL retries at most 4 times (MaxAttempts 5). */
const RETRY_EVENTS = 3 * 4;
/** A Task in the worst case: every attempt fails but the last. */
const TASK_WORST = TASK_EVENTS + RETRY_EVENTS;
/** Choice, Pass, Wait, Succeed, Fail: Entered and Exited. */
const STATE_EVENTS = 2;
/** Map: Entered, Started, Succeeded, Exited; each iteration: Started, Succeeded. */
const MAP_EVENTS = 4;
const ITERATION_EVENTS = 2;

/** Longest message each resource adds to the payload (resource-failure caps it; RecordLevel shortens it to 300). */
const RESOURCE_MESSAGE_BYTES = 1000 * 4; // UTF-8 worst case
const FAILURE_SUMMARY_BYTES = 300 * 4;
/** A Fail state's Cause (and so an error's) is at most 32,768 characters. */
const ERROR_CAUSE_BYTES = 32_768; // service-written causes are ASCII
/** uid, form, execution name, times, hash, field names and JSON punctuation. */
const RUN_OVERHEAD_BYTES = 4096;

export interface ExecutionBudget {
  form: string;
  historyEvents: number;
  payloadBytes: number;
}

/** Worst-case history events and largest payload of one execution of `form`. */
export function executionBudget(form: FormConfig): ExecutionBudget {
  const levels = levelCount(form);
  // LoadNode, RouteAction, RecordFailure, NodeFailed, execution start and end.
  let events = TASK_WORST + STATE_EVENTS + TASK_WORST + STATE_EVENTS + 2;
  // Each level: the Map, RecordLevel and HasMoreLevels.
  events += levels * (MAP_EVENTS + TASK_WORST + STATE_EVENTS);
  for (const resource of form.resources) {
    // Iteration, ApplyResource, RouteResource, ResourceDone/Failed; then every check within the
    // timeout: a Wait, CheckReady and RouteResource. Waiting for a deletion (WaitBeforeReapply,
    // ApplyResource) shares the same time budget and costs the same.
    const checks = maxChecksWithin(resource.timeoutSeconds);
    events += ITERATION_EVENTS + TASK_WORST + STATE_EVENTS * 2 + checks * (STATE_EVENTS + TASK_WORST + STATE_EVENTS);
  }

  // The node run after the last level: ids in levels, ready/failed/skipped lists and the Map's
  // result arrays, a failure summary per resource, the Map's messages, and one error Cause.
  let payload = RUN_OVERHEAD_BYTES + ERROR_CAUSE_BYTES;
  for (const resource of form.resources) {
    const id = Buffer.byteLength(JSON.stringify(resource.id), 'utf8') + 1;
    payload += 6 * id + FAILURE_SUMMARY_BYTES + RESOURCE_MESSAGE_BYTES + 16;
  }
  return { form: form.name, historyEvents: events, payloadBytes: payload };
}

/** Messages for every form whose worst case passes a limit (empty when all fit). */
export function executionBudgetViolations(forms: readonly FormConfig[]): string[] {
  const problems: string[] = [];
  for (const form of forms) {
    const budget = executionBudget(form);
    if (budget.historyEvents > MAX_HISTORY_EVENTS) {
      problems.push(
        `form ${form.name}: in the worst case one execution records ${budget.historyEvents} history events, more than Step Functions' ${MAX_HISTORY_EVENTS}; ` +
        'lower the resources\' timeoutSeconds or split the form',
      );
    }
    if (budget.payloadBytes > MAX_PAYLOAD_BYTES) {
      problems.push(
        `form ${form.name}: in the worst case the execution's state reaches ${budget.payloadBytes} bytes, more than Step Functions' ${MAX_PAYLOAD_BYTES}; ` +
        'split the form (fewer resources per form)',
      );
    }
  }
  return problems;
}

function levelCount(form: FormConfig): number {
  // Longest dependIds chain, without relying on validation order: depth by memoised walk.
  const byId = new Map(form.resources.map((r) => [r.id, r]));
  const depth = new Map<string, number>();
  const visit = (id: string, seen: Set<string>): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 1; // a cycle is refused by validation; do not loop here
    seen.add(id);
    const deps = byId.get(id)?.dependIds ?? [];
    const d = 1 + Math.max(0, ...deps.filter((dep) => byId.has(dep)).map((dep) => visit(dep, seen)));
    depth.set(id, d);
    return d;
  };
  return Math.max(0, ...form.resources.map((r) => visit(r.id, new Set())));
}
