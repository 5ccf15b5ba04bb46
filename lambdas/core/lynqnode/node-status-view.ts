// One line of `lynq-sfn status`: a LynqNode record read the way an operator asks about a node
// (is it ready, what is running, what is it waiting for, what failed last, how old is it).
import { getCondition } from './lynqnode-status';
import type { LynqNodeRecord } from '../contracts/workflow-contracts';

export type NodePhase = 'Ready' | 'Waiting' | 'Reconciling' | 'Deleting' | 'Failed' | 'Pending';

export interface NodeStatusView {
  name: string;
  uid: string;
  form: string;
  hub: string;
  phase: NodePhase;
  readyResources: number;
  desiredResources: number;
  failedResources: number;
  /** The running execution, else the last one. */
  execution?: string;
  executionRunning: boolean;
  /** What the running execution waits for (the Progressing message). */
  waitingFor?: string;
  /** The Degraded message while the node is failed. */
  lastFailure?: string;
  lastFailureTime?: string;
  retryCount: number;
  createdAt?: string;
  /** Seconds since the record was created. */
  ageSeconds?: number;
}

export function nodeStatusView(record: LynqNodeRecord, now: Date): NodeStatusView {
  const status = record.status;
  const ready = getCondition(status?.conditions, 'Ready');
  const progressing = getCondition(status?.conditions, 'Progressing');
  const degraded = getCondition(status?.conditions, 'Degraded');
  const running = Boolean(status?.currentExecution) && progressing?.status === 'True';
  let phase: NodePhase = 'Pending';
  if (running) phase = progressing.reason === 'WaitingForReadiness' ? 'Waiting' : progressing.reason === 'Deleting' ? 'Deleting' : 'Reconciling';
  else if (ready?.status === 'True') phase = 'Ready';
  else if (degraded?.status === 'True') phase = 'Failed';
  const created = Date.parse(record.creationTimestamp ?? '');
  const view: NodeStatusView = {
    name: record.name,
    uid: record.spec.uid,
    form: record.spec.form,
    hub: record.spec.hubId,
    phase,
    readyResources: status?.readyResources ?? 0,
    desiredResources: status?.desiredResources ?? 0,
    failedResources: status?.failedResources ?? 0,
    executionRunning: running,
    retryCount: status?.retryCount ?? 0,
  };
  const execution = running ? status?.currentExecution : status?.lastExecution ?? status?.currentExecution;
  if (execution) view.execution = execution;
  if (running && progressing.message) view.waitingFor = progressing.message;
  if (degraded?.status === 'True') view.lastFailure = degraded.message;
  if (status?.lastFailureTime) view.lastFailureTime = status.lastFailureTime;
  if (Number.isFinite(created)) {
    view.createdAt = record.creationTimestamp;
    view.ageSeconds = Math.max(0, Math.round((now.getTime() - created) / 1000));
  }
  return view;
}

/** kubectl's short ages: 45s, 12m, 5h, 3d. */
export function shortAge(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 172800) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}
