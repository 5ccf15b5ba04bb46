// A resource that cannot be applied or checked (bad template, API validation, field conflict,
// RBAC) is an outcome of the execution, not an error of the function: it is returned, short, so
// the Map's output stays small and the console shows a plain message. Errors the state machine
// acts on (retry, supersede) still propagate, with their message capped the same way, because
// after the last retry their Cause becomes the resource's message.
//
// A programming error (TypeError, ReferenceError, ...) also becomes a failed outcome, so one bad
// resource does not take down its level, but never silently: it is logged with its stack.
import type { ResourceProgress, ResourceStep } from '../core/contracts/workflow-contracts';
import { ERROR_RETRYABLE, ERROR_SUPERSEDED } from '../core/contracts/workflow-contracts';
import type { StructuredLog } from './workflow-deps';

const ROUTED_ERRORS = new Set([ERROR_RETRYABLE, ERROR_SUPERSEDED]);
/** Characters of a failure message kept in the execution's payload (and on the LynqNode). */
export const MAX_FAILURE_MESSAGE = 1000;
const PROGRAMMING_ERRORS = new Set(['TypeError', 'ReferenceError', 'RangeError', 'SyntaxError', 'EvalError', 'URIError', 'AssertionError', 'Error']);

export function capMessage(text: string, max = MAX_FAILURE_MESSAGE): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export async function failedOutcomeOnError(
  step: ResourceStep, log: StructuredLog, run: () => Promise<ResourceProgress>, now: () => Date,
): Promise<ResourceProgress> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Error && ROUTED_ERRORS.has(error.name)) {
      error.message = capMessage(error.message);
      throw error;
    }
    const text = error instanceof Error ? error.message : String(error);
    if (!(error instanceof Error) || PROGRAMMING_ERRORS.has(error.name)) {
      // Not one of our classified errors: a bug or an unexpected library failure. Keep its stack.
      log.error('unexpected error in a resource step', {
        resource: step.id, execution: step.execution, errorName: error instanceof Error ? error.name : typeof error,
        stack: error instanceof Error ? error.stack : undefined,
      });
    }
    const { uid, form, execution, startTime, id } = step;
    return { uid, form, execution, startTime, id, outcome: 'failed', waitSeconds: 0, waitingSince: now().toISOString(), message: capMessage(text) };
  }
}
