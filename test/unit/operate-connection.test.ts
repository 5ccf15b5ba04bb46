import { connectCluster, recordNamespaceOf, recordStore, stateMachineArnOf } from '../../cli/operate-connection';
import { KubeConfig } from '@kubernetes/client-node';

describe('how the operating commands reach a deployed stack', () => {
  const saved = { ...process.env };
  afterEach(() => { process.env = { ...saved }; });

  it('--eks-cluster needs a region', async () => {
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    await expect(connectCluster({ eksCluster: 'prod' })).rejects.toThrow('--eks-cluster needs --region (or AWS_REGION)');
  });

  it('takes the state machine from --state-machine-arn, else LYNQ_STATE_MACHINE_ARN, and refuses what is not one', () => {
    const arn = 'arn:aws:states:eu-west-1:123456789012:stateMachine:reconcile-node';
    delete process.env.LYNQ_STATE_MACHINE_ARN;
    expect(stateMachineArnOf({})).toBeUndefined();
    process.env.LYNQ_STATE_MACHINE_ARN = arn;
    expect(stateMachineArnOf({})).toBe(arn);
    expect(() => stateMachineArnOf({ stateMachineArn: 'reconcile-node' })).toThrow(/not a state machine ARN/);
  });

  it('reads the records from --record-namespace, else LYNQ_RECORD_NAMESPACE (as the deployed functions do), else lynq-system', () => {
    delete process.env.LYNQ_RECORD_NAMESPACE;
    expect(recordNamespaceOf({})).toBe('lynq-system');
    process.env.LYNQ_RECORD_NAMESPACE = 'team-records';
    expect(recordNamespaceOf({})).toBe('team-records');
    expect(recordNamespaceOf({ recordNamespace: 'other-records' })).toBe('other-records');
    expect(recordStore(new KubeConfig(), {}).namespace).toBe('team-records');
  });

  it('a kubeconfig that cannot be read is named in the error', async () => {
    await expect(connectCluster({ kubeconfig: '/nonexistent/kubeconfig' })).rejects.toThrow(/cannot read kubeconfig \/nonexistent\/kubeconfig/);
  });
});
