// RecordLevel: fold one level's outcomes into the run and the LynqNode, then pick the next level.
import type { NodeRun } from '../core/contracts/workflow-contracts';
import { parseNodeRun, type LevelResult } from '../core/contracts/payload-parsing';
import { levelRecordedStatus } from '../core/lynqnode/lynqnode-progress';
import { causeMessage } from '../core/contracts/error-cause';
import { lynqNodeName } from '../core/lynqnode/lynqnode-status';
import { updateClaimedStatus } from './node-claim';
import type { StateMachineTask, WorkflowDeps } from './workflow-deps';

export type LevelOutcome = 'pending' | 'ready' | 'failed';

/** The RecordLevel Task. Its result's `outcome` (levelOutcome) is what the HasMoreLevels Choice routes on. */
export const recordLevelTask: StateMachineTask = (deps, event) => recordLevelStep(deps, parseNodeRun(event));

/** pending: another level to apply; otherwise the node's verdict, failed when any resource failed or was skipped. */
export function levelOutcome(nextLevel: readonly string[], counts: { failedIds: readonly string[]; skippedIds: readonly string[] }): LevelOutcome {
  if (nextLevel.length > 0) return 'pending';
  return counts.failedIds.length > 0 || counts.skippedIds.length > 0 ? 'failed' : 'ready';
}

export async function recordLevelStep(deps: WorkflowDeps, run: NodeRun & { levelResults: LevelResult[] }): Promise<NodeRun & { outcome: LevelOutcome }> {
  const name = lynqNodeName(run.uid, run.form);
  const idsWith = (outcome: LevelResult['outcome']) => run.levelResults.filter((r) => r.outcome === outcome).map((r) => r.id);
  const counts = {
    readyIds: [...run.readyIds, ...idsWith('ready')],
    failedIds: [...run.failedIds, ...idsWith('failed')],
    skippedIds: [...run.skippedIds, ...idsWith('skipped')],
  };
  const failures = run.levelResults.filter((r) => r.outcome === 'failed');
  for (const failure of failures) {
    deps.log.warn('resource failed', { node: name, resource: failure.id, message: causeMessage(failure.message) });
  }
  const failureMessages = [...run.failureMessages, ...failures.map((f) => shorten(`${f.id}: ${causeMessage(f.message)}`))];
  const levelIndex = run.levelIndex + 1;
  const currentLevel = run.levels[levelIndex] ?? [];
  const outcome = levelOutcome(currentLevel, counts);
  const nextMessage = outcome === 'pending'
    ? `Applying level ${levelIndex + 1} of ${run.levels.length}: ${currentLevel.join(', ')}`
    : 'Recording the result';
  const now = deps.clock.now();
  // The write checks that this execution still owns the node.
  await updateClaimedStatus(deps, name, run.execution, (status) => levelRecordedStatus(status, counts, nextMessage, now));
  // The Map's results are folded in above; the next level starts without them.
  const { levelResults: _folded, ...rest } = run;
  return { ...rest, ...counts, failureMessages, levelIndex, currentLevel, outcome };
}

// Keeps the execution payload small whatever a provider puts in its messages.
function shorten(message: string): string {
  return message.length > 300 ? `${message.slice(0, 297)}...` : message;
}
