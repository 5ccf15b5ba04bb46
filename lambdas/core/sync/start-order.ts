// The order one sync starts its work in (DESIGN §5). A round may end on its time budget before all
// of it is started; what is left shows up again in the next plan. So deletions go first, then the
// starts of single nodes (create, retry, resume, row update), and rollout work (the updates a form
// change caused) last: a form change over many nodes never holds back a single row's change.
// Within each class the plan's order is kept.
import type { PlannedDeletion, PlannedStart } from './sync-plan';

export type SyncWork = PlannedStart | PlannedDeletion;

/**
 * Until a record says which form it was reconciled with, an update cannot tell a form change from
 * a row change, so every update counts as rollout work: creates, retries and resumes still go first.
 */
export function updatesAreRolloutWork(start: PlannedStart): boolean {
  return start.reason === 'update';
}

export function orderStarts(
  plan: { starts: readonly PlannedStart[]; deletions: readonly PlannedDeletion[] },
  isRolloutWork: (start: PlannedStart) => boolean = updatesAreRolloutWork,
): SyncWork[] {
  const nodeStarts: PlannedStart[] = [];
  const rolloutStarts: PlannedStart[] = [];
  for (const start of plan.starts) (isRolloutWork(start) ? rolloutStarts : nodeStarts).push(start);
  return [...plan.deletions, ...nodeStarts, ...rolloutStarts];
}
