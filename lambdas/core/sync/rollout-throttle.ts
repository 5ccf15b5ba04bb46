// Applies each form's rollout (rollout-plan) to a sync plan: the starts a form change causes, and
// the retries of nodes already on the new form, go through maxSkew; row changes, creates, resumed
// executions and deletions pass untouched. Held starts become idle nodes with reason 'rollout'.
import type { FormConfig, NodeValues } from '../config/config-model';
import type { LynqNodeSummary } from '../contracts/workflow-contracts';
import { desiredHash } from '../apply/desired-hash';
import { templateVariables } from './row-mapping';
import { lynqNodeName } from '../lynqnode/lynqnode-status';
import { executionTimeoutForForms } from '../config/execution-timeout';
import type { PlannedStart, SyncPlan } from './sync-plan';
import {
  decideRollout, EMPTY_ROLLOUT_MEMORY, type FormRolloutStatus, type RolloutCandidate, type RolloutCandidateKind, type RolloutMemory,
} from './rollout-plan';

export interface RolloutThrottleInput {
  plan: SyncPlan;
  forms: FormConfig[];
  /** Mapped rows (as planSync got them). */
  nodes: NodeValues[];
  records: LynqNodeSummary[];
  /** Per form name; a form without an entry has nothing remembered. */
  memories: Map<string, RolloutMemory>;
  now: Date;
  /**
   * Overrides the kind of a start (e.g. 'drift-repair' for a drift repair); undefined keeps the
   * default: form-only changes and retries on the new form are rollout work, the rest is not.
   */
  kindOf?(start: PlannedStart, record: LynqNodeSummary | undefined): RolloutCandidateKind | null | undefined;
}

export interface ThrottledPlan {
  plan: SyncPlan;
  /** One per form, maxSkew or not (the LynqForm status shows the counts either way). */
  rollouts: FormRolloutStatus[];
  /** The admitted starts that are rollout work (of plan.starts): start-order puts them last. */
  rolloutStarts: ReadonlySet<PlannedStart>;
}

type StartCandidate = RolloutCandidate & { start: PlannedStart };

export function throttleRollouts(input: RolloutThrottleInput): ThrottledPlan {
  const { plan, forms, now } = input;
  const recordsByName = new Map(input.records.map((r) => [r.name, r]));
  const nodesByUid = new Map(input.nodes.map((n) => [n.uid, n]));
  const staleAfterMs = executionTimeoutForForms(forms).seconds * 1000;
  const candidatesByForm = new Map<string, StartCandidate[]>();
  const passing: PlannedStart[] = [];

  for (const start of plan.starts) {
    const form = forms.find((f) => f.name === start.form);
    const node = safeName(start.uid, start.form);
    const record = node ? recordsByName.get(node) : undefined;
    const override = input.kindOf?.(start, record);
    const kind = override !== undefined ? override : form && record ? defaultKind(start, record, nodesByUid.get(start.uid), form) : null;
    if (!kind || !node) {
      passing.push(start);
      continue;
    }
    const list = candidatesByForm.get(start.form) ?? [];
    list.push({ node, kind, desiredHash: start.desiredHash, start });
    candidatesByForm.set(start.form, list);
  }

  const admitted = new Set<PlannedStart>();
  const idle = [...plan.idle];
  const rollouts: FormRolloutStatus[] = [];
  for (const form of forms) {
    const decision = decideRollout({
      form: form.name,
      maxSkew: form.rollout?.maxSkew ?? 0,
      targetHash: form.contentHash,
      records: input.records.filter((r) => r.spec.form === form.name),
      candidates: candidatesByForm.get(form.name) ?? [],
      memory: input.memories.get(form.name) ?? EMPTY_ROLLOUT_MEMORY,
      now,
      staleAfterMs,
    });
    for (const candidate of decision.admitted) admitted.add(candidate.start);
    idle.push(...decision.held.map((c) => ({ uid: c.start.uid, form: c.start.form, reason: 'rollout' as const })));
    rollouts.push(decision.status);
  }
  // Starts for forms no longer configured cannot happen (the planner starts only configured forms); keep order stable.
  const keep = new Set([...passing, ...admitted]);
  return { plan: { ...plan, starts: plan.starts.filter((s) => keep.has(s)), idle }, rollouts, rolloutStarts: admitted };
}

/**
 * A form-only change (the row is the same as the record's) is rollout work; so is a retry of a node
 * already on the current form. A row change, also when the form changed too, is not held back.
 */
function defaultKind(start: PlannedStart, record: LynqNodeSummary, node: NodeValues | undefined, form: FormConfig): RolloutCandidateKind | null {
  if (start.reason === 'retry') return record.spec.formHash === form.contentHash ? 'retry' : null;
  if (start.reason !== 'update') return null;
  const recordedForm = record.spec.formHash;
  if (recordedForm === form.contentHash) return null; // same form: the row changed
  // A record from before form hashes were kept cannot tell; a rollout is the careful reading.
  if (recordedForm === undefined || !node) return 'form-change';
  const rowUnchanged = desiredHash(templateVariables(node, form), { ...form, contentHash: recordedForm }) === record.spec.desiredHash;
  return rowUnchanged ? 'form-change' : null;
}

function safeName(uid: string, form: string): string | undefined {
  try {
    return lynqNodeName(uid, form);
  } catch {
    return undefined;
  }
}
