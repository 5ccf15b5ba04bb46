// A resource that cannot be applied or checked (bad template, API validation, field conflict,
// RBAC) is an outcome of the execution, not an error of the function: it is returned, short, so
// the Map's output stays small and the console shows a plain message. Errors the state machine
// acts on (retry, wait, supersede) still propagate.
import type { ResourceProgress, ResourceStep } from '../core/workflow-contracts';
import { ERROR_NOT_READY, ERROR_RETRYABLE, ERROR_SUPERSEDED } from '../core/workflow-contracts';

const ROUTED_ERRORS = new Set([ERROR_NOT_READY, ERROR_RETRYABLE, ERROR_SUPERSEDED]);
const MAX_MESSAGE = 1000;

export async function failedOutcomeOnError(step: ResourceStep, run: () => Promise<ResourceProgress>): Promise<ResourceProgress> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Error && ROUTED_ERRORS.has(error.name)) throw error;
    const text = error instanceof Error ? error.message : String(error);
    const message = text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text;
    return { ...step, outcome: 'failed', waitSeconds: 0, appliedAt: '', message };
  }
}
