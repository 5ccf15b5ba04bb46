import { STATE_MACHINE_TASKS, type StateMachineTaskName } from '../workflow/state-machine-tasks';
import { runtimeDeps } from './runtime-deps';

/** A state machine Task's Lambda entry point: the deployed dependencies, then the task. */
export function taskHandler(name: StateMachineTaskName): (event: unknown) => Promise<unknown> {
  return async (event) => STATE_MACHINE_TASKS[name](await runtimeDeps(), event);
}
