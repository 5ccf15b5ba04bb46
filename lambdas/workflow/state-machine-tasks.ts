// What each Task of statemachines/reconcile-node.asl.json runs, keyed by the definition
// substitution that names its function. The Lambda handlers and the local runner both use this
// table, so a Task does the same thing in AWS and locally.
import { parseApplyInput, parseLoadNodeEvent, parseNodeRun, parseRecordResultEvent, parseResourceProgress } from '../core/contracts/payload-parsing';
import { loadNode } from './load-node';
import { applyResourceStep } from './apply-resource-step';
import { checkReadyStep } from './check-ready-step';
import { recordLevelStep } from './record-level-step';
import { recordResultStep } from './record-result-step';
import { deleteResourcesStep } from './delete-resources-step';
import { failedOutcomeOnError } from './resource-failure';
import type { WorkflowDeps } from './workflow-deps';

export type StateMachineTask = (deps: WorkflowDeps, event: unknown) => Promise<unknown>;

export const STATE_MACHINE_TASKS = {
  LoadNodeFunctionArn: (deps, event) => loadNode(deps, parseLoadNodeEvent(event)),
  ApplyResourceFunctionArn: (deps, event) => {
    const step = parseApplyInput(event);
    return failedOutcomeOnError(step, deps.log, () => applyResourceStep(deps, step), () => deps.clock.now());
  },
  CheckReadyFunctionArn: (deps, event) => {
    const progress = parseResourceProgress(event);
    return failedOutcomeOnError(progress, deps.log, () => checkReadyStep(deps, progress), () => deps.clock.now());
  },
  RecordLevelFunctionArn: (deps, event) => recordLevelStep(deps, parseNodeRun(event)),
  RecordResultFunctionArn: (deps, event) => recordResultStep(deps, parseRecordResultEvent(event)),
  DeleteResourcesFunctionArn: (deps, event) => deleteResourcesStep(deps, parseNodeRun(event)),
} satisfies Record<string, StateMachineTask>;

export type StateMachineTaskName = keyof typeof STATE_MACHINE_TASKS;

export function isStateMachineTaskName(name: string): name is StateMachineTaskName {
  return Object.prototype.hasOwnProperty.call(STATE_MACHINE_TASKS, name);
}
