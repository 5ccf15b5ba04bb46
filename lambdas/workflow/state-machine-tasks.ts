// Which code each Task of statemachines/reconcile-node.asl.json runs, by the Task's Resource
// (the `${...}` definition substitution CDK fills with that function's ARN). The one table from
// Task resource to task: the Lambda handlers (lambdas/handlers/*.ts import their task directly),
// the CDK functions (lib/lynq-functions.ts) and the local runner all follow it.
import { loadNodeTask } from './load-node';
import { applyResourceTask } from './apply-resource-step';
import { checkReadyTask } from './check-ready-step';
import { recordLevelTask } from './record-level-step';
import { recordResultTask } from './record-result-step';
import { deleteResourcesTask } from './delete-resources-step';
import type { StateMachineTask } from './workflow-deps';

export const STATE_MACHINE_TASKS = {
  LoadNodeFunctionArn: loadNodeTask,
  ApplyResourceFunctionArn: applyResourceTask,
  CheckReadyFunctionArn: checkReadyTask,
  RecordLevelFunctionArn: recordLevelTask,
  RecordResultFunctionArn: recordResultTask,
  DeleteResourcesFunctionArn: deleteResourcesTask,
} satisfies Record<string, StateMachineTask>;

/** A Task's Resource placeholder, e.g. `LoadNodeFunctionArn` for `${LoadNodeFunctionArn}`. */
export type StateMachineTaskName = keyof typeof STATE_MACHINE_TASKS;

export function isStateMachineTaskName(name: string): name is StateMachineTaskName {
  return Object.prototype.hasOwnProperty.call(STATE_MACHINE_TASKS, name);
}
