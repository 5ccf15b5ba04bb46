import type { StateMachineTask } from '../workflow/workflow-deps';
import { type LambdaContext, taskLogKeys, withInvocation } from './handler-observability';
import { withRowValuesRedacted } from '../workflow/row-value-guard';
import { runtimeDeps } from './runtime-deps';

/**
 * A state machine Task's Lambda entry point: the deployed dependencies, then the task, logged with
 * its node, with no row value in what leaves it.
 */
export function taskHandler(task: StateMachineTask): (event: unknown, context?: LambdaContext) => Promise<unknown> {
  return async (event, context) =>
    withInvocation(context, { ...taskLogKeys(event) }, async () =>
      withRowValuesRedacted<unknown>(await runtimeDeps(), (deps) => task(deps, event)));
}
