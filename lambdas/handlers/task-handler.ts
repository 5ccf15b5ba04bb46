import type { StateMachineTask } from '../workflow/workflow-deps';
import { type LambdaContext, taskLogKeys, withInvocation } from './handler-observability';
import { withRowValuesRedacted } from '../workflow/row-value-guard';
import { type HubTableReaderFactory, runtimeDeps } from './runtime-deps';

/**
 * A state machine Task's Lambda entry point: the deployed dependencies, then the task, logged with
 * its node, with no row value in what leaves it. Only a task that reads the hub table (LoadNode)
 * passes a reader, so the others' bundles carry no MySQL client.
 */
export function taskHandler(task: StateMachineTask, readsHubTable?: HubTableReaderFactory): (event: unknown, context?: LambdaContext) => Promise<unknown> {
  return async (event, context) =>
    withInvocation(context, { ...taskLogKeys(event) }, async () =>
      withRowValuesRedacted<unknown>(await runtimeDeps(process.env, { readsHubTable }), (deps) => task(deps, event)));
}
