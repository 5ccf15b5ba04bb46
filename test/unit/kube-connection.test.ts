import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EKSClient } from '@aws-sdk/client-eks';
import { HttpMethod, type KubeConfig, RequestContext } from '@kubernetes/client-node';
import { stsHostname } from '../../lambdas/adapters/eks-token';
import { KubePermanentError, KubeRetryableError } from '../../lambdas/adapters/kube-errors';
import { clearEksConfigCache, EksKubeConfig, kubeConfigForEks, kubeConfigFromEnv, kubeConfigFromFile } from '../../lambdas/adapters/kube-connection';
import { KubeRest } from '../../lambdas/adapters/kube-rest';

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

/** The Authorization header an EKS KubeConfig puts on a request. */
async function bearerOf(kc: KubeConfig): Promise<string> {
  const context = new RequestContext('https://example.invalid/api', HttpMethod.GET);
  await kc.applySecurityAuthentication(context);
  return context.getHeaders().Authorization ?? '';
}

function tokenUrl(bearer: string): URL {
  return new URL(Buffer.from(bearer.replace(/^Bearer k8s-aws-v1\./, ''), 'base64url').toString());
}

describe('kubeConfigForEks', () => {
  beforeEach(() => { clearEksConfigCache(); });

  it('uses the cluster endpoint and CA and a presigned bearer token', async () => {
    const eks = fakeEks();
    const kc = await kubeConfigForEks({ clusterName: 'prod', region: 'us-west-2', eks: eks.client, credentials, now: () => new Date('2026-01-01T00:00:00Z') });
    expect(eks.calls).toEqual([{ name: 'prod' }]);
    expect(kc.getCurrentCluster()).toMatchObject({ server: 'https://ABC.gr7.us-west-2.eks.amazonaws.com', caData: CA });
    const bearer = await bearerOf(kc);
    expect(bearer.startsWith('Bearer k8s-aws-v1.')).toBe(true);
    const url = tokenUrl(bearer);
    expect(url.host).toBe('sts.us-west-2.amazonaws.com');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20260101T000000Z');
  });

  it('describes the cluster once; only the token is presigned again after 10 minutes', async () => {
    const eks = fakeEks();
    let now = new Date('2026-01-01T00:00:00Z');
    const opts = { clusterName: 'prod', region: 'us-west-2', eks: eks.client, credentials, now: () => now };
    const kc = await kubeConfigForEks(opts);
    const first = await bearerOf(kc);
    now = new Date('2026-01-01T00:09:59Z');
    expect(await kubeConfigForEks(opts)).toBe(kc);
    expect(await bearerOf(kc)).toBe(first);
    now = new Date('2026-01-01T00:10:00Z');
    expect(await kubeConfigForEks(opts)).toBe(kc);
    const second = await bearerOf(kc);
    expect(second).not.toBe(first);
    expect(tokenUrl(second).searchParams.get('X-Amz-Date')).toBe('20260101T001000Z');
    now = new Date('2026-01-01T01:00:00Z');
    await bearerOf(kc);
    expect(eks.calls).toHaveLength(1);
  });

  it('signs against the STS host of the region\'s partition', async () => {
    const kc = await kubeConfigForEks({ clusterName: 'prod', region: 'cn-north-1', eks: fakeEks().client, credentials });
    expect(tokenUrl(await bearerOf(kc)).host).toBe('sts.cn-north-1.amazonaws.com.cn');
    expect(stsHostname('eu-west-1')).toBe('sts.eu-west-1.amazonaws.com');
    expect(stsHostname('cn-northwest-1')).toBe('sts.cn-northwest-1.amazonaws.com.cn');
  });

  it('describes again after a failed describe', async () => {
    let calls = 0;
    const eks = { send: async () => {
      calls += 1;
      if (calls === 1) throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
      return { cluster: { endpoint: 'https://x', certificateAuthority: { data: CA }, status: 'ACTIVE' } };
    } } as unknown as EKSClient;
    await expect(kubeConfigForEks({ clusterName: 'prod', region: 'us-west-2', eks, credentials })).rejects.toThrow('cannot describe EKS cluster prod in us-west-2');
    await expect(kubeConfigForEks({ clusterName: 'prod', region: 'us-west-2', eks, credentials })).resolves.toBeInstanceOf(EksKubeConfig);
  });

  it('explains a cluster that has no endpoint yet', async () => {
    const eks = { send: async () => ({ cluster: { status: 'CREATING' } }) } as unknown as EKSClient;
    await expect(kubeConfigForEks({ clusterName: 'new', region: 'us-west-2', eks, credentials })).rejects.toThrow('EKS cluster new in us-west-2 has no endpoint or certificate authority yet (status CREATING)');
  });
});

describe('an EKS connection over real TLS', () => {
  // A stand-in EKS API endpoint on loopback with its own CA-signed certificate.
  let dir: string;
  let server: https.Server;
  let endpoint: string;
  let caData: string;
  let otherCaData: string;
  const authorizations: string[] = [];
  const sockets = new Set<unknown>();
  let rejectNext = 0;

  function selfSigned(name: string): { key: string; cert: string } {
    const key = join(dir, `${name}.key`);
    const cert = join(dir, `${name}.pem`);
    const run = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`openssl failed: ${run.stderr}`);
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eks-tls-'));
    const served = selfSigned('server');
    caData = Buffer.from(served.cert).toString('base64');
    otherCaData = Buffer.from(selfSigned('other').cert).toString('base64');
    server = https.createServer({ key: served.key, cert: served.cert }, (req, res) => {
      sockets.add(req.socket);
      authorizations.push(String(req.headers.authorization));
      res.setHeader('Content-Type', 'application/json');
      if (rejectNext > 0) {
        rejectNext -= 1;
        res.statusCode = 401;
        res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }));
        return;
      }
      if (req.url === '/api/v1') {
        res.end(JSON.stringify({ kind: 'APIResourceList', groupVersion: 'v1', resources: [{ name: 'namespaces', kind: 'Namespace', namespaced: false }] }));
        return;
      }
      res.end(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lynq-system' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    clearEksConfigCache();
    authorizations.length = 0;
    sockets.clear();
  });

  function describing(ca: string): EKSClient {
    return { send: async () => ({ cluster: { endpoint, certificateAuthority: { data: ca }, status: 'ACTIVE' } }) } as unknown as EKSClient;
  }

  it('keeps the connection alive across requests', async () => {
    const kc = await kubeConfigForEks({ clusterName: 'prod', region: 'us-west-2', eks: describing(caData), credentials });
    const rest = KubeRest.for(kc);
    for (let i = 0; i < 3; i++) await rest.get({ apiVersion: 'v1', kind: 'Namespace', name: 'lynq-system' });
    expect(authorizations).toHaveLength(4); // discovery + 3 reads
    expect(sockets.size).toBe(1);
  });

  it('presigns a fresh token after a 401', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const kc = await kubeConfigForEks({ clusterName: 'prod', region: 'us-west-2', eks: describing(caData), credentials, now: () => now });
    const rest = KubeRest.for(kc);
    await rest.get({ apiVersion: 'v1', kind: 'Namespace', name: 'lynq-system' });
    rejectNext = 1;
    now = new Date('2026-01-01T00:01:00Z'); // well within the token's 10 minutes
    await expect(rest.get({ apiVersion: 'v1', kind: 'Namespace', name: 'lynq-system' })).rejects.toBeInstanceOf(KubeRetryableError);
    await rest.get({ apiVersion: 'v1', kind: 'Namespace', name: 'lynq-system' });
    const [discovery, first, rejected, retried] = authorizations;
    expect(first).toBe(discovery);
    expect(rejected).toBe(first);
    expect(retried).not.toBe(rejected);
    expect(tokenUrl(retried).searchParams.get('X-Amz-Date')).toBe('20260101T000100Z');
  });

  it('treats a certificate the cluster CA does not vouch for as permanent, not retryable', async () => {
    const kc = await kubeConfigForEks({ clusterName: 'prod', region: 'us-west-2', eks: describing(otherCaData), credentials });
    const error = await KubeRest.for(kc).get({ apiVersion: 'v1', kind: 'Namespace', name: 'lynq-system' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubePermanentError);
    expect((error as Error).message).toMatch(/^TLS: the Kubernetes API's certificate is not trusted \((SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\)/);
    expect(authorizations).toHaveLength(0);
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
