// RecordLevel: fold one level's outcomes into the run and the LynqNode, then pick the next level.
import type { NodeRun } from '../core/workflow-contracts';
import type { LevelResult } from '../core/payload-parsing';
import { levelRecordedStatus } from '../core/lynqnode-progress';
import { causeMessage } from '../core/error-cause';
import { claimedRecord, updateClaimedStatus } from './node-claim';
import type { WorkflowDeps } from './workflow-deps';

export type LevelOutcome = 'pending' | 'ready' | 'failed';

export async function recordLevelStep(deps: WorkflowDeps, run: NodeRun & { levelResults: LevelResult[] }): Promise<NodeRun & { outcome: LevelOutcome }> {
  const record = await claimedRecord(deps, run.uid, run.form, run.execution);
  const idsWith = (outcome: LevelResult['outcome']) => run.levelResults.filter((r) => r.outcome === outcome).map((r) => r.id);
  const counts = {
    readyIds: [...run.readyIds, ...idsWith('ready')],
    failedIds: [...run.failedIds, ...idsWith('failed')],
    skippedIds: [...run.skippedIds, ...idsWith('skipped')],
  };
  const failures = run.levelResults.filter((r) => r.outcome === 'failed');
  for (const failure of failures) {
    deps.log.warn('resource failed', { node: record.name, resource: failure.id, message: causeMessage(failure.message) });
  }
  const failureMessages = [...run.failureMessages, ...failures.map((f) => shorten(`${f.id}: ${causeMessage(f.message)}`))];
  const levelIndex = run.levelIndex + 1;
  const currentLevel = run.levels[levelIndex] ?? [];
  const outcome: LevelOutcome = currentLevel.length > 0 ? 'pending'
    : counts.failedIds.length > 0 || counts.skippedIds.length > 0 ? 'failed' : 'ready';
  const nextMessage = outcome === 'pending'
    ? `Applying level ${levelIndex + 1} of ${run.levels.length}: ${currentLevel.join(', ')}`
    : 'Recording the result';
  const now = deps.clock.now();
  await updateClaimedStatus(deps, record.name, run.execution, (status) => levelRecordedStatus(status, counts, nextMessage, now));
  const { levelResults: _dropped, ...rest } = run;
  void _dropped;
  return { ...rest, ...counts, failureMessages, levelIndex, currentLevel, outcome };
}

// Keeps the execution payload small whatever a provider puts in its messages.
function shorten(message: string): string {
  return message.length > 300 ? `${message.slice(0, 297)}...` : message;
}
