import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EKSClient } from '@aws-sdk/client-eks';
import { clearEksConfigCache, kubeConfigForEks, kubeConfigFromEnv, kubeConfigFromFile } from '../../lambdas/adapters/kube-connection';

const credentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });
const CA = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');

/** DescribeCluster cannot run here: the EKS client is the one mocked edge. */
function fakeEks() {
  const calls: unknown[] = [];
  const client = {
    send: async (command: { input: unknown }) => {
      calls.push(command.input);
      return { cluster: { name: 'prod', endpoint: 'https://ABC.gr7.us-west-2.eks.amazonaws.com', status: 'ACTIVE', certificateAuthority: { data: CA } } };
    },
  };
  return { client: client as unknown as EKSClient, calls };
}

describe('kubeConfigForEks', () => {
  beforeEach(() => clearEksConfigCache());

  it('uses the cluster endpoint and CA and a presigned bearer token', async () => {
    const eks = fakeEks();
    const kc = await kubeConfigForEks({ clusterName: 'prod', region: 'us-west-2', eks: eks.client, credentials, now: () => new Date('2026-01-01T00:00:00Z') });
    expect(eks.calls).toEqual([{ name: 'prod' }]);
    expect(kc.getCurrentCluster()).toMatchObject({ server: 'https://ABC.gr7.us-west-2.eks.amazonaws.com', caData: CA });
    const token = kc.getCurrentUser()?.token ?? '';
    expect(token.startsWith('k8s-aws-v1.')).toBe(true);
    const url = new URL(Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString());
    expect(url.searchParams.get('X-Amz-Date')).toBe('20260101T000000Z');
  });

  it('reuses the config for 10 minutes, then presigns a fresh token', async () => {
    const eks = fakeEks();
    let now = new Date('2026-01-01T00:00:00Z');
    const opts = { clusterName: 'prod', region: 'us-west-2', eks: eks.client, credentials, now: () => now };
    const first = await kubeConfigForEks(opts);
    now = new Date('2026-01-01T00:09:59Z');
    expect(await kubeConfigForEks(opts)).toBe(first);
    now = new Date('2026-01-01T00:10:00Z');
    const second = await kubeConfigForEks(opts);
    expect(second).not.toBe(first);
    expect(second.getCurrentUser()?.token).not.toBe(first.getCurrentUser()?.token);
    expect(eks.calls).toHaveLength(2);
  });

  it('explains a cluster that has no endpoint yet', async () => {
    const eks = { send: async () => ({ cluster: { status: 'CREATING' } }) } as unknown as EKSClient;
    await expect(kubeConfigForEks({ clusterName: 'new', region: 'us-west-2', eks, credentials })).rejects.toThrow('EKS cluster new in us-west-2 has no endpoint or certificate authority yet (status CREATING)');
  });
});

describe('kubeconfig files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kc-'));
  const path = join(dir, 'config');
  writeFileSync(path, [
    'apiVersion: v1', 'kind: Config', 'current-context: test',
    'clusters: [{name: c, cluster: {server: "http://127.0.0.1:6443"}}]',
    'users: [{name: u, user: {token: t}}]',
    'contexts: [{name: test, context: {cluster: c, user: u}}]',
  ].join('\n'));

  it('loads a kubeconfig file', () => {
    expect(kubeConfigFromFile(path).getCurrentCluster()?.server).toBe('http://127.0.0.1:6443');
  });

  it('kubeConfigFromEnv prefers LYNQ_KUBECONFIG and requires AWS_REGION with LYNQ_EKS_CLUSTER', async () => {
    expect((await kubeConfigFromEnv({ LYNQ_KUBECONFIG: path, KUBECONFIG: '/nope' })).getCurrentCluster()?.server).toBe('http://127.0.0.1:6443');
    expect((await kubeConfigFromEnv({ KUBECONFIG: path })).getCurrentCluster()?.server).toBe('http://127.0.0.1:6443');
    await expect(kubeConfigFromEnv({ LYNQ_EKS_CLUSTER: 'prod' })).rejects.toThrow('LYNQ_EKS_CLUSTER is set but AWS_REGION is not');
  });
});
