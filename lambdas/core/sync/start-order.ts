// The order one sync starts its work in (DESIGN §5). A round may end on its time budget before all
// of it is started; what is left shows up again in the next plan. So deletions go first, then the
// starts of single nodes (create, row update, retry, resume), and the updates a form change alone
// caused (a rollout) last: a rollout over many nodes never holds back a single row's change.
// Within each class the plan's order is kept.
import type { PlannedDeletion, PlannedStart } from './sync-plan';

export type SyncWork = PlannedStart | PlannedDeletion;

/** deletion, node (one row's own change) or rollout (a form change alone): the order they start in. */
export type WorkClass = 'deletion' | 'node' | 'rollout';

const CLASS_ORDER: readonly WorkClass[] = ['deletion', 'node', 'rollout'];

export function workClass(item: SyncWork): WorkClass {
  if (isDeletion(item)) return 'deletion';
  return item.reason === 'update' && item.formChangeOnly === true ? 'rollout' : 'node';
}

export function orderStarts(plan: { starts: readonly PlannedStart[]; deletions: readonly PlannedDeletion[] }): SyncWork[] {
  const byClass = new Map<WorkClass, SyncWork[]>(CLASS_ORDER.map((c) => [c, []]));
  for (const item of [...plan.deletions, ...plan.starts]) byClass.get(workClass(item))!.push(item);
  return CLASS_ORDER.flatMap((c) => byClass.get(c)!);
}

export function isDeletion(item: SyncWork): item is PlannedDeletion {
  return 'record' in item;
}
