import { STATE_MACHINE_TASKS, type StateMachineTaskName } from '../workflow/state-machine-tasks';
import { type LambdaContext, taskLogKeys, withInvocation } from './handler-observability';
import { withRowValuesRedacted } from '../workflow/row-value-guard';
import { runtimeDeps } from './runtime-deps';

/**
 * A state machine Task's Lambda entry point: the deployed dependencies, then the task, logged with
 * its node, with no row value in what leaves it.
 */
export function taskHandler(name: StateMachineTaskName): (event: unknown, context?: LambdaContext) => Promise<unknown> {
  return async (event, context) =>
    withInvocation(context, { ...taskLogKeys(event) }, async () =>
      withRowValuesRedacted<unknown>(await runtimeDeps(), (deps) => STATE_MACHINE_TASKS[name](deps, event)));
}
