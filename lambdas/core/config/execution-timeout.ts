// The reconcile execution's overall timeout, derived from the forms (DESIGN §6):
// every resource's own timeoutSeconds bounds its wait loop, so the execution must
// outlast the longest form even when each resource uses its full budget in turn.
import type { FormConfig } from './config-model';

/** Slack for LoadNode, recording, Lambda retries with backoff and the last poll's wait. */
export const EXECUTION_TIMEOUT_BASE_MARGIN_SECONDS = 600;
/** Per resource: apply retries and the check that overshoots its budget by one wait. */
export const EXECUTION_TIMEOUT_PER_RESOURCE_MARGIN_SECONDS = 60;
/** A day: a form needing longer is almost certainly misconfigured; synth warns (see reconcile-state-machine). */
export const EXECUTION_TIMEOUT_CAP_SECONDS = 86_400;

export interface ExecutionTimeout {
  seconds: number;
  /** The uncapped need of the longest form, and which form it is. */
  neededSeconds: number;
  longestForm?: string;
  capped: boolean;
}

export function executionTimeoutForForms(forms: readonly FormConfig[]): ExecutionTimeout {
  let neededSeconds = EXECUTION_TIMEOUT_BASE_MARGIN_SECONDS;
  let longestForm: string | undefined;
  for (const form of forms) {
    const need = form.resources.reduce(
      (total, resource) => total + resource.timeoutSeconds + EXECUTION_TIMEOUT_PER_RESOURCE_MARGIN_SECONDS,
      EXECUTION_TIMEOUT_BASE_MARGIN_SECONDS,
    );
    if (longestForm === undefined || need > neededSeconds) {
      neededSeconds = need;
      longestForm = form.name;
    }
  }
  const capped = neededSeconds > EXECUTION_TIMEOUT_CAP_SECONDS;
  return { seconds: capped ? EXECUTION_TIMEOUT_CAP_SECONDS : neededSeconds, neededSeconds, longestForm, capped };
}
