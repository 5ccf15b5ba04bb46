import { nodeStatusView, shortAge } from '../../lambdas/core/lynqnode/node-status-view';
import { emptyStatus, failedStatus, progressingStatus, readyStatus, waitingStatus } from '../../lambdas/core/lynqnode/lynqnode-progress';
import type { LynqNodeRecord, LynqNodeStatus } from '../../lambdas/core/contracts/workflow-contracts';

const T0 = new Date('2026-11-29T09:00:00Z');
const record = (status?: LynqNodeStatus): LynqNodeRecord => ({
  name: 'acme-db', namespace: 'lynq-system', labels: {}, creationTimestamp: T0.toISOString(),
  spec: { uid: 'acme', form: 'db', hubId: 'hub', desiredHash: 'h', values: { uid: 'acme', activate: true } }, ...(status ? { status } : {}),
});
const claimed = (message: string): LynqNodeStatus => ({ ...emptyStatus(3), ...progressingStatus(undefined, T0, 'Reconciling', message), currentExecution: 'acme-db-1' });

describe('nodeStatusView', () => {
  it('follows a node through its life: pending, reconciling, waiting, failed, ready, deleting', () => {
    const later = new Date(T0.getTime() + 90_000);
    expect(nodeStatusView(record(), later)).toMatchObject({ phase: 'Pending', ageSeconds: 90, executionRunning: false });
    const applying = claimed('Execution acme-db-1 is applying 3 resources');
    expect(nodeStatusView(record(applying), later)).toMatchObject({ phase: 'Reconciling', execution: 'acme-db-1', executionRunning: true, waitingFor: 'Execution acme-db-1 is applying 3 resources' });
    const waiting = waitingStatus(applying, 'Waiting for rds-instance to become ready', later);
    expect(nodeStatusView(record(waiting), later)).toMatchObject({ phase: 'Waiting', waitingFor: 'Waiting for rds-instance to become ready' });
    const failed = failedStatus({ ...waiting, failedResources: 1 }, 'h', 'acme-db-1', 'rds-instance: timed out', later);
    const failedView = nodeStatusView(record(failed), later);
    expect(failedView).toMatchObject({ phase: 'Failed', execution: 'acme-db-1', executionRunning: false, lastFailure: 'rds-instance: timed out', retryCount: 1, failedResources: 1 });
    expect(failedView.waitingFor).toBeUndefined();
    const ready = readyStatus(failed, 'h', 'acme-db-2', later);
    const readyView = nodeStatusView(record(ready), later);
    expect(readyView).toMatchObject({ phase: 'Ready', execution: 'acme-db-2', readyResources: 3, desiredResources: 3 });
    expect(readyView.lastFailure).toBeUndefined();
    const deleting = { ...ready, currentExecution: 'acme-db-del', ...progressingStatus(ready, later, 'Deleting', 'Deleting the node\'s resources') };
    expect(nodeStatusView(record(deleting), later)).toMatchObject({ phase: 'Deleting', execution: 'acme-db-del' });
  });

  it('ages read like kubectl\'s', () => {
    expect([shortAge(5), shortAge(150), shortAge(3 * 3600), shortAge(3 * 86400), shortAge(undefined)]).toEqual(['5s', '2m', '3h', '3d', '']);
  });
});
