// What `lynq-sfn rollout resume` acknowledges, how the resume annotation is read back, and the
// line `lynq-sfn run` prints for a rollout that holds nodes back.
import { failuresToAcknowledge, type FormRolloutStatus } from '../../lambdas/core/sync/rollout-plan';
import { rolloutResumeOf } from '../../lambdas/adapters/lynq-status-records';
import { ANNOTATION_ROLLOUT_RESUME } from '../../lambdas/adapters/kube-status-crds';
import type { LynqNodeCondition, LynqNodeSummary } from '../../lambdas/core/contracts/workflow-contracts';
import type { KubeObject } from '../../lambdas/core/template/rendered-resource';
import type { SyncReport } from '../../lambdas/workflow/run-sync';
import { syncRoundLines } from '../../local/outcome-report';

const NOW = '2030-01-01T12:00:00.000Z';
const cond = (type: LynqNodeCondition['type'], status: LynqNodeCondition['status']): LynqNodeCondition => ({ type, status, reason: 'r', message: 'm', lastTransitionTime: NOW });
const node = (name: string, formHash: string, ready: boolean, running = false): LynqNodeSummary => ({
  name, namespace: 'lynq-system',
  spec: { uid: name, form: 'f', hubId: 'hub', desiredHash: `${name}-hash`, formHash },
  status: {
    reconciledHash: running ? 'older' : `${name}-hash`, desiredResources: 1, readyResources: ready ? 1 : 0, failedResources: ready ? 0 : 1, skippedResources: 0,
    failedResourceIds: [], skippedResourceIds: [], retryCount: ready ? 0 : 2,
    ...(running ? { currentExecution: 'x' } : {}),
    conditions: [cond('Ready', ready ? 'True' : 'False'), cond('Progressing', running ? 'True' : 'False')],
  },
});
const form = (annotation?: string): KubeObject => ({
  apiVersion: 'sfn.lynq.sh/v1', kind: 'LynqForm', metadata: { name: 'f', ...(annotation !== undefined ? { annotations: { [ANNOTATION_ROLLOUT_RESUME]: annotation } } : {}) },
});

describe('rollout resume', () => {
  it('acknowledges exactly the nodes failed on the target form, at the desired state they failed at', () => {
    const records = [node('bad', 'v2', false), node('ok', 'v2', true), node('old-bad', 'v1', false), node('retrying', 'v2', false, true)];
    expect(failuresToAcknowledge(records, 'v2')).toEqual({ bad: 'bad-hash' });
  });

  it('reads the annotation back; a malformed one counts as no resume', () => {
    expect(rolloutResumeOf(form(JSON.stringify({ at: NOW, acknowledged: { bad: 'h', junk: 3 } })))).toEqual({ at: NOW, acknowledged: { bad: 'h' } });
    expect(rolloutResumeOf(form('{not json'))).toBeUndefined();
    expect(rolloutResumeOf(form())).toBeUndefined();
  });
});

describe('lynq-sfn run after a sync round', () => {
  const rollout = (over: Partial<FormRolloutStatus>): FormRolloutStatus => ({
    form: 'f', maxSkew: 2, targetHash: 'v2', phase: 'InProgress', total: 10, updated: 2, updating: 2, readyUpdated: 0, failed: 0,
    pausedBy: [], held: 0, message: 'Updating: 2/10 nodes updated (2 updating, 0 ready); maxSkew 2', pending: [], ...over,
  });
  const report = (rollouts: FormRolloutStatus[]): SyncReport => ({
    started: [], alreadyRunning: 0, deletions: [], skippedRows: [], waitingForRetry: [], startFailures: [], deferred: 0,
    nodesDesired: 10, nodesReady: 8, nodesFailed: 0, durationMs: 1, rollouts,
  });

  it('prints a line for a rollout that held nodes back or is paused, and none for a quiet one', () => {
    const lines = syncRoundLines(report([
      rollout({ held: 6, message: 'Updating: 2/10 nodes updated (2 updating, 0 ready); maxSkew 2; 6 held back' }),
      rollout({ form: 'g', phase: 'Paused', held: 0, message: 'paused' }),
      rollout({ form: 'quiet', phase: 'Complete' }),
    ]), new Date(NOW));
    expect(lines.slice(1)).toEqual([
      '  rollout f: InProgress, Updating: 2/10 nodes updated (2 updating, 0 ready); maxSkew 2; 6 held back',
      '  rollout g: Paused, paused',
    ]);
  });
});
