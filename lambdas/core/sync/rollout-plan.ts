// Rollouts under Lynq's spec.rollout.maxSkew (issue #13 point 5, lynq-behaviour.md §2.4): when a
// form change makes many nodes out of date, at most maxSkew of them update at once. A failed node
// of the rollout stops it, like a failed canary, until it is Ready again or `lynq-sfn rollout
// resume` acknowledges it. Pure: the sync passes the records it listed and what the LynqForm
// record remembers, and starts what this admits.
import type { LynqNodeCondition, LynqNodeSummary } from '../contracts/workflow-contracts';

/** Where a node stands against the form's current content (its target). */
export type NodeRolloutState =
  /** Not on the current form yet. */
  | 'outdated'
  /** An execution claimed it and has not finished: from its start until it is Ready again. */
  | 'updating'
  /** On the current form, finished, Ready. */
  | 'ready'
  /** On the current form, finished, not Ready. */
  | 'failed'
  /** Being deprovisioned: not part of the rollout. */
  | 'deleting';

/** Work a rollout may hold back. Row changes, creates and deletions are never candidates. */
export type RolloutCandidateKind = 'form-change' | 'retry' | 'drift-repair';

export interface RolloutCandidate {
  /** LynqNode record name. */
  node: string;
  kind: RolloutCandidateKind;
  /** The desired hash the execution will reconcile to: remembered until the node claims it. */
  desiredHash: string;
}

/** A start this rollout admitted that its node had not claimed yet when the sync looked. */
export interface PendingRolloutStart {
  node: string;
  desiredHash: string;
  /** ISO time the sync started it. */
  startedAt: string;
}

/** What the LynqForm record remembers between syncs. */
export interface RolloutMemory {
  pending: PendingRolloutStart[];
  /** Failures `lynq-sfn rollout resume` acknowledged: node name -> the desired hash it failed at. */
  acknowledged: Record<string, string>;
  /** False when the LynqForm record could not be read: then no candidate is admitted this sync. */
  readable: boolean;
}

export const EMPTY_ROLLOUT_MEMORY: RolloutMemory = { pending: [], acknowledged: {}, readable: true };

export type RolloutPhase = 'Idle' | 'InProgress' | 'Paused' | 'Complete';

export interface RolloutCounts {
  /** Records of the form (those being deprovisioned left out). */
  total: number;
  /** On the current form. */
  updated: number;
  updating: number;
  /** On the current form and Ready. */
  readyUpdated: number;
  /** On the current form and failed (acknowledged ones included). */
  failed: number;
}

export interface FormRolloutStatus extends RolloutCounts {
  form: string;
  maxSkew: number;
  /** The form content hash nodes are rolled out to. */
  targetHash: string;
  phase: RolloutPhase;
  /** Failed nodes of this rollout that hold it (not acknowledged by `rollout resume`). */
  pausedBy: string[];
  /** Candidates held back by this sync. */
  held: number;
  message: string;
  /** To remember for the next sync (admitted starts included). */
  pending: PendingRolloutStart[];
}

export interface RolloutInput<C extends RolloutCandidate> {
  form: string;
  /** 0 = no limit. */
  maxSkew: number;
  targetHash: string;
  /** The records of this form. */
  records: LynqNodeSummary[];
  candidates: C[];
  memory: RolloutMemory;
  now: Date;
  /** An admitted start still unclaimed after this long was lost (the state machine's timeout). */
  staleAfterMs: number;
}

export interface RolloutDecision<C extends RolloutCandidate> {
  admitted: C[];
  held: C[];
  status: FormRolloutStatus;
}

export function nodeRolloutState(record: LynqNodeSummary, targetHash: string): NodeRolloutState {
  const status = record.status;
  if (status?.lastAction === 'delete') return 'deleting';
  const progressing = condition(record, 'Progressing');
  const running = Boolean(status?.currentExecution) && progressing?.status === 'True';
  // Claimed (the spec carries the new hash) but not finished: updating, even if its execution was lost.
  if (running || !status || status.reconciledHash !== record.spec.desiredHash) return 'updating';
  if (record.spec.formHash !== targetHash) return 'outdated';
  return condition(record, 'Ready')?.status === 'True' ? 'ready' : 'failed';
}

/** The rollout's decision for one form: which candidates start now, and the status to record. */
export function decideRollout<C extends RolloutCandidate>(input: RolloutInput<C>): RolloutDecision<C> {
  const { records, memory, now, targetHash } = input;
  const counts: RolloutCounts = { total: 0, updated: 0, updating: 0, readyUpdated: 0, failed: 0 };
  const updatingNodes = new Set<string>();
  const pausedBy: string[] = [];
  const byName = new Map(records.map((r) => [r.name, r]));

  for (const record of records) {
    const state = nodeRolloutState(record, targetHash);
    if (state === 'deleting') continue;
    counts.total++;
    const onTarget = record.spec.formHash === targetHash;
    if (onTarget) counts.updated++;
    if (state === 'updating') updatingNodes.add(record.name);
    if (state === 'ready') counts.readyUpdated++;
    if (state === 'failed') {
      counts.failed++;
      // Without maxSkew nothing is held back, so nothing pauses.
      if (input.maxSkew > 0 && memory.acknowledged[record.name] !== record.spec.desiredHash) pausedBy.push(record.name);
    }
  }

  // Started by an earlier sync, not yet claimed: updating too (the record does not show it yet).
  const pending = memory.pending.filter((p) => {
    const record = byName.get(p.node);
    if (!record || record.spec.desiredHash === p.desiredHash) return false; // gone, or claimed: the record tells
    return now.getTime() - Date.parse(p.startedAt) <= input.staleAfterMs;
  });
  for (const p of pending) updatingNodes.add(p.node);
  counts.updating = updatingNodes.size;
  pausedBy.sort();

  const paused = pausedBy.length > 0;
  const limited = input.maxSkew > 0;
  let slots = limited ? Math.max(0, input.maxSkew - counts.updating) : Number.POSITIVE_INFINITY;
  if (!memory.readable && limited) slots = 0;

  const ordered = [...input.candidates].sort((a, b) => rank(a) - rank(b) || a.node.localeCompare(b.node));
  const admitted: C[] = [];
  const held: C[] = [];
  for (const candidate of ordered) {
    if (updatingNodes.has(candidate.node)) {
      // Already counted as updating (a superseding start, or a start not claimed yet): no new slot.
      admitted.push(candidate);
      continue;
    }
    // A paused rollout still retries its failed nodes (so a fix reaches them), nothing else.
    const allowed = !paused || candidate.kind === 'retry' || !limited;
    if (allowed && slots > 0) {
      admitted.push(candidate);
      slots--;
    } else {
      held.push(candidate);
    }
  }

  const startedAt = now.toISOString();
  const admittedPending = limited ? admitted.map((c) => ({ node: c.node, desiredHash: c.desiredHash, startedAt })) : [];
  const admittedNodes = new Set(admittedPending.map((p) => p.node));
  const nextPending = [...pending.filter((p) => !admittedNodes.has(p.node)), ...admittedPending];
  const updating = new Set([...updatingNodes, ...admittedNodes]).size;
  const phase = phaseOf({ ...counts, updating }, paused || (!memory.readable && limited && held.length > 0));
  return {
    admitted,
    held,
    status: {
      form: input.form, maxSkew: input.maxSkew, targetHash, phase, ...counts, updating, pausedBy, held: held.length,
      message: messageOf(input, { ...counts, updating }, pausedBy, held.length, memory.readable),
      pending: nextPending,
    },
  };
}

/**
 * What `lynq-sfn rollout resume` acknowledges: every node failed on the target form, at the desired
 * state it failed at (node name -> desired hash). The same node failing at another state pauses again.
 */
export function failuresToAcknowledge(records: LynqNodeSummary[], targetHash: string): Record<string, string> {
  const acknowledged: Record<string, string> = {};
  for (const record of records) {
    if (nodeRolloutState(record, targetHash) === 'failed') acknowledged[record.name] = record.spec.desiredHash;
  }
  return acknowledged;
}

function rank(candidate: RolloutCandidate): number {
  return candidate.kind === 'retry' ? 0 : candidate.kind === 'drift-repair' ? 1 : 2;
}

function phaseOf(counts: RolloutCounts, paused: boolean): RolloutPhase {
  if (counts.total === 0) return 'Idle';
  if (paused) return 'Paused';
  if (counts.readyUpdated === counts.total && counts.updating === 0) return 'Complete';
  if (counts.updated === 0 && counts.updating === 0) return 'Idle';
  return 'InProgress';
}

function messageOf(input: RolloutInput<RolloutCandidate>, counts: RolloutCounts, pausedBy: string[], held: number, readable: boolean): string {
  const parts = [`Updating: ${counts.updated}/${counts.total} nodes updated (${counts.updating} updating, ${counts.readyUpdated} ready)`];
  if (input.maxSkew > 0) parts.push(`maxSkew ${input.maxSkew}`);
  if (held > 0) parts.push(`${held} held back`);
  if (pausedBy.length > 0) {
    const shown = pausedBy.slice(0, 5).join(', ') + (pausedBy.length > 5 ? `, and ${pausedBy.length - 5} more` : '');
    parts.push(`paused: ${shown} failed on the new form; fix it or run \`lynq-sfn rollout resume ${input.form}\``);
  }
  if (!readable && input.maxSkew > 0) parts.push('the LynqForm record could not be read, so no form change started this sync');
  return parts.join('; ');
}

function condition(record: LynqNodeSummary, type: LynqNodeCondition['type']): LynqNodeCondition | undefined {
  return record.status?.conditions.find((c) => c.type === type);
}
