// What `lynq-sfn plan` says about each node: the sync planner's decision (sync-plan) put in the
// words an operator looks for. Pure: the caller reads rows and records and runs the planner.
import type { FormConfig, NodeValues } from '../config/config-model';
import { canonicalJson } from '../apply/canonical-json';
import { desiredHash } from '../apply/desired-hash';
import { getCondition } from '../lynqnode/lynqnode-status';
import { retryBackoffMs } from './retry-backoff';
import { templateVariables } from './row-mapping';
import type { PlannedDeletion, SyncPlan } from './sync-plan';
import type { LynqNodeRecord } from '../contracts/workflow-contracts';

export type PlanAction = 'start' | 'update' | 'delete' | 'retry' | 'nothing';

export interface PlanLine {
  uid: string;
  form: string;
  action: PlanAction;
  reason: string;
  /** The execution the sync would start (absent for "nothing"). */
  execution?: string;
  /** Template variables whose value changed since the node was last reconciled (names only, never values). */
  changedVariables?: string[];
  /** True when the form's content changed since the node was last reconciled. */
  formChanged?: boolean;
}

export interface PlanExplanationInput {
  plan: SyncPlan;
  /** Deletions the mass-deletion guard holds back: the planner's deletions with the guard lifted. */
  heldBack: PlannedDeletion[];
  forms: FormConfig[];
  /** Mapped rows (inactive ones included), as given to the planner. */
  nodes: NodeValues[];
  records: LynqNodeRecord[];
}

export function explainPlan(input: PlanExplanationInput): PlanLine[] {
  const { plan, forms } = input;
  const nodes = new Map(input.nodes.map((n) => [n.uid, n]));
  const records = new Map(input.records.map((r) => [key(r.spec.uid, r.spec.form), r]));
  const formsByName = new Map(forms.map((f) => [f.name, f]));
  const lines: PlanLine[] = [];

  for (const start of plan.starts) {
    const record = records.get(key(start.uid, start.form));
    const base = { uid: start.uid, form: start.form, execution: start.name };
    switch (start.reason) {
      case 'create':
        lines.push({ ...base, action: 'start', reason: 'new node: no LynqNode yet' });
        break;
      case 'resume':
        lines.push({ ...base, action: 'start', reason: 'the last execution did not finish for this desired state' });
        break;
      case 'retry':
        lines.push({ ...base, action: 'retry', reason: `failed ${record?.status?.retryCount ?? 1} time(s), backoff elapsed${lastFailure(record)}` });
        break;
      case 'update': {
        const node = nodes.get(start.uid);
        const form = formsByName.get(start.form);
        lines.push({ ...base, action: 'update', ...changeOf(record, node, form) });
        break;
      }
      default:
        // A reason this explanation does not know yet still shows, in the planner's words.
        lines.push({ ...base, action: 'start', reason: String(start.reason) });
    }
  }

  for (const deletion of plan.deletions) {
    lines.push({ uid: deletion.uid, form: deletion.form, action: 'delete', reason: deletionReason(deletion), execution: deletion.name });
  }
  for (const held of input.heldBack) {
    lines.push({ uid: held.uid, form: held.form, action: 'nothing', reason: `mass-deletion guard holds back the deletion (${deletionReason(held)})` });
  }

  for (const idle of plan.idle) {
    const record = records.get(key(idle.uid, idle.form));
    let reason: string;
    if (idle.reason === 'ready') reason = 'Ready and up to date';
    else if (idle.reason === 'in-progress') reason = `execution ${record?.status?.currentExecution ?? '(unknown)'} is in progress`;
    else if (idle.reason === 'rollout') reason = 'form changed; held back by the rollout (maxSkew), starts when a slot frees';
    else {
      const what = record?.status?.lastAction === 'delete' ? 'deletion failed' : 'failed';
      reason = `${what}, in backoff until ${backoffUntil(record) ?? 'unknown'}${lastFailure(record)}`;
    }
    lines.push({ uid: idle.uid, form: idle.form, action: 'nothing', reason });
  }
  return lines.sort((a, b) => a.uid.localeCompare(b.uid) || a.form.localeCompare(b.form));
}

function changeOf(record: LynqNodeRecord | undefined, node: NodeValues | undefined, form: FormConfig | undefined): Pick<PlanLine, 'reason' | 'changedVariables' | 'formChanged'> {
  if (!record || !node || !form) return { reason: 'desired state changed' };
  const before = record.spec.values;
  const after = templateVariables(node, form);
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const changedVariables = names.filter((n) => canonicalJson(before[n] ?? null) !== canonicalJson(after[n] ?? null));
  // The recorded hash is of (recorded values, form then): with today's form it differs only if the form changed.
  const formChanged = desiredHash(before, form) !== record.spec.desiredHash;
  const parts: string[] = [];
  if (changedVariables.length > 0) parts.push(`row changed (${changedVariables.join(', ')})`);
  if (formChanged) parts.push(`form ${form.name} changed`);
  return { reason: parts.length > 0 ? parts.join('; ') : 'desired state changed', changedVariables, formChanged };
}

function deletionReason(deletion: PlannedDeletion): string {
  if (deletion.reason === 'deactivated') return 'row deactivated';
  if (deletion.reason === 'deleted') return 'row deleted';
  return 'form removed from the configuration';
}

function backoffUntil(record: LynqNodeRecord | undefined): string | undefined {
  const failedAt = Date.parse(record?.status?.lastFailureTime ?? '');
  if (!Number.isFinite(failedAt)) return undefined;
  return new Date(failedAt + retryBackoffMs(record?.status?.retryCount ?? 1)).toISOString();
}

function lastFailure(record: LynqNodeRecord | undefined): string {
  const degraded = getCondition(record?.status?.conditions, 'Degraded');
  return degraded?.status === 'True' ? `; last failure: ${degraded.message}` : '';
}

function key(uid: string, form: string): string {
  return `${uid}\0${form}`;
}
