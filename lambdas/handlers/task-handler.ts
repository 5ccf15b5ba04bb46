import { STATE_MACHINE_TASKS, type StateMachineTaskName } from '../workflow/state-machine-tasks';
import { withRowValuesRedacted } from '../workflow/row-value-guard';
import { runtimeDeps } from './runtime-deps';

/** A state machine Task's Lambda entry point: the deployed dependencies, then the task, with no row value in what leaves it. */
export function taskHandler(name: StateMachineTaskName): (event: unknown) => Promise<unknown> {
  return async (event) => withRowValuesRedacted<unknown>(await runtimeDeps(), (deps) => STATE_MACHINE_TASKS[name](deps, event));
}
