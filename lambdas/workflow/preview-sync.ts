// What the next sync would do, without doing it (`lynq-sfn plan`): the same reads and the same
// planner as runSync, and no StartExecution. Read-only against the table and the cluster.
import type { NodeValues, ProjectConfig } from '../core/config/config-model';
import { mapHubRows, type RowRejection } from '../core/sync/row-mapping';
import { planSync, type PlannedDeletion, type SyncPlan } from '../core/sync/sync-plan';
import type { SyncSettings } from '../core/sync/sync-settings';
import type { LynqNodeRecord } from '../core/contracts/workflow-contracts';
import type { SyncDeps } from './run-sync';
import { throttleRollouts } from '../core/sync/rollout-throttle';
import { EMPTY_ROLLOUT_MEMORY, type FormRolloutStatus, type RolloutMemory } from '../core/sync/rollout-plan';
import type { SyncStatusRecords } from './sync-status-records';

// Full records, not the sync's summaries: plan explains a change by the recorded row values.
export type PreviewDeps = Pick<SyncDeps, 'readRows' | 'clock'> & {
  listRecords: () => Promise<LynqNodeRecord[]>;
  /** The LynqForm records' rollout memory, so the plan holds back what the sync's rollout would. */
  statusRecords?: Pick<SyncStatusRecords, 'readRolloutMemory'>;
};

export interface SyncPreview {
  plan: SyncPlan;
  /** Deletions the mass-deletion guard holds back (empty unless plan.guard is set). */
  heldBack: PlannedDeletion[];
  nodes: NodeValues[];
  records: LynqNodeRecord[];
  skippedRows: RowRejection[];
  /** Each form's rollout as the sync would leave it. */
  rollouts: FormRolloutStatus[];
  now: Date;
}

export async function previewSync(deps: PreviewDeps, config: ProjectConfig, settings: SyncSettings): Promise<SyncPreview> {
  const now = deps.clock.now();
  // Errors propagate as they are: a preview that cannot read the table or the records shows nothing.
  const rows = await deps.readRows();
  const records = await deps.listRecords();
  const mapped = mapHubRows(config.hub, rows);
  const rejectedUids = mapped.rejected.map((r) => r.uid).filter((uid): uid is string => uid !== null);
  const input = { forms: config.forms, nodes: mapped.nodes, records, now, rejectedUids };
  const memories = new Map<string, RolloutMemory>();
  for (const form of config.forms) {
    // Unreadable: as the sync, hold the form's rollout work back rather than overshoot maxSkew.
    memories.set(form.name, deps.statusRecords
      ? await deps.statusRecords.readRolloutMemory(form.name).catch(() => ({ ...EMPTY_ROLLOUT_MEMORY, readable: false }))
      : EMPTY_ROLLOUT_MEMORY);
  }
  const { plan, rollouts } = throttleRollouts({ plan: planSync({ ...input, settings }), forms: config.forms, nodes: mapped.nodes, records, memories, now });
  // Which deletions the guard holds: the same plan with the guard lifted (the planner stays the one authority).
  const heldBack = plan.guard ? planSync({ ...input, settings: { ...settings, allowMassDeletion: true } }).deletions : [];
  return { plan, heldBack, nodes: mapped.nodes, records, skippedRows: mapped.rejected, rollouts, now };
}
