// One execution acts on a node at a time: LoadNode writes its execution name into the
// LynqNode, and every later step checks it still owns the node before touching anything.
import type { FormConfig } from '../core/config-model';
import type { LynqNodeRecord, LynqNodeStatus } from '../core/workflow-contracts';
import { PermanentError, SupersededError } from '../core/workflow-errors';
import { lynqNodeName } from '../core/lynqnode-status';
import type { WorkflowDeps } from './workflow-deps';

export function formNamed(deps: WorkflowDeps, name: string): FormConfig {
  const form = deps.config.forms.find((f) => f.name === name);
  if (!form) throw new PermanentError(`form "${name}" is not in the deployed configuration (forms: ${deps.config.forms.map((f) => f.name).join(', ')})`);
  return form;
}

/** The node's record, provided this execution still owns it. */
export async function claimedRecord(deps: WorkflowDeps, uid: string, form: string, execution: string): Promise<LynqNodeRecord> {
  const name = lynqNodeName(uid, form);
  const record = await deps.records.get(name);
  const owner = record?.status?.currentExecution;
  if (!record || owner !== execution) throw new SupersededError(name, execution, owner);
  return record;
}

/** Read-modify-write of the status, only while this execution still owns the node. */
export async function updateClaimedStatus(
  deps: WorkflowDeps, name: string, execution: string, mutate: (status: LynqNodeStatus) => LynqNodeStatus,
): Promise<void> {
  await deps.records.updateStatusWithRetry(name, (current) => {
    const owner = current.status?.currentExecution;
    if (!current.status || owner !== execution) throw new SupersededError(name, execution, owner);
    return mutate(current.status);
  });
}
