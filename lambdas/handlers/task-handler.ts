import { STATE_MACHINE_TASKS, type StateMachineTaskName } from '../workflow/state-machine-tasks';
import { type LambdaContext, taskLogKeys, withInvocation } from './handler-observability';
import { runtimeDeps } from './runtime-deps';

/** A state machine Task's Lambda entry point: the deployed dependencies, then the task, logged with its node. */
export function taskHandler(name: StateMachineTaskName): (event: unknown, context?: LambdaContext) => Promise<unknown> {
  return async (event, context) =>
    withInvocation(context, { ...taskLogKeys(event) }, async () => STATE_MACHINE_TASKS[name](await runtimeDeps(), event));
}
