// The order one sync starts its work in (DESIGN §5). A round may end on its time budget before all
// of it is started; what is left shows up again in the next plan. So deletions go first, then the
// starts of single nodes (create, retry, resume, row update), and rollout work (the updates a form
// change caused) last: a form change over many nodes never holds back a single row's change.
// Within each class the plan's order is kept.
import type { PlannedDeletion, PlannedStart } from './sync-plan';

export type SyncWork = PlannedStart | PlannedDeletion;

export function orderStarts(
  plan: { starts: readonly PlannedStart[]; deletions: readonly PlannedDeletion[] },
  /** What throttleRollouts admitted as rollout work (form-change updates, retries on the new form, drift repairs). */
  rolloutStarts: ReadonlySet<PlannedStart>,
): SyncWork[] {
  const nodeStarts: PlannedStart[] = [];
  const rolloutWork: PlannedStart[] = [];
  for (const start of plan.starts) (rolloutStarts.has(start) ? rolloutWork : nodeStarts).push(start);
  return [...plan.deletions, ...nodeStarts, ...rolloutWork];
}
