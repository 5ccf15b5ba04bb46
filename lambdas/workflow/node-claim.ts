// One execution acts on a node at a time: LoadNode writes its execution name into the
// LynqNode, and every later step checks it still owns the node before touching anything.
import type { FormConfig } from '../core/config/config-model';
import type { LynqNodeRecord, LynqNodeStatus } from '../core/contracts/workflow-contracts';
import { PermanentError, SupersededError } from '../core/contracts/workflow-errors';
import { lynqNodeName } from '../core/lynqnode/lynqnode-status';
import { allForms } from '../core/config/hub-lookup';
import type { WorkflowDeps } from './workflow-deps';

export function formNamed(deps: WorkflowDeps, name: string): FormConfig {
  const forms = allForms(deps.config);
  const form = forms.find((f) => f.name === name);
  if (!form) throw new PermanentError(`form "${name}" is not in the deployed configuration (forms: ${forms.map((f) => f.name).join(', ')})`);
  return form;
}

/** The node's record, provided this execution still owns it. */
export async function claimedRecord(deps: WorkflowDeps, uid: string, form: string, execution: string): Promise<LynqNodeRecord> {
  const name = lynqNodeName(uid, form);
  const record = await deps.records.get(name);
  if (!record || !holdsClaim(record.status, execution)) throw new SupersededError(name, execution, record?.status?.currentExecution);
  return record;
}

/** The execution named in both the current execution and the recorded claim (when there is one). */
export function holdsClaim(status: LynqNodeStatus | undefined, execution: string): boolean {
  if (!status || status.currentExecution !== execution) return false;
  return !status.claim || status.claim.execution === execution;
}

/** Read-modify-write of the status, only while this execution still owns the node. */
export async function updateClaimedStatus(
  deps: WorkflowDeps, name: string, execution: string, mutate: (status: LynqNodeStatus) => LynqNodeStatus,
): Promise<void> {
  await deps.records.updateStatusWithRetry(name, (current) => {
    if (!current.status || !holdsClaim(current.status, execution)) throw new SupersededError(name, execution, current.status?.currentExecution);
    return mutate(current.status);
  });
}
