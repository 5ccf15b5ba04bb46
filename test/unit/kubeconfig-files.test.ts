// One kubeconfig resolution: a flag or KUBECONFIG may be a list, merged as kubectl merges it, in
// the functions (kubeConfigFromEnv), the CLI (connectCluster) and the local runner alike.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { connectCluster } from '../../cli/operate-connection';
import { kubeConfigFromEnv } from '../../lambdas/adapters/kube-connection';
import { kubeConfigFromFile } from '../../lambdas/adapters/kube-config-file';
import type { KubeConfig } from '@kubernetes/client-node';
import { defaultKubeconfigPath, kubeconfigLocation, loadKubeconfigFiles } from '../../lambdas/adapters/kubeconfig-files';

const dir = mkdtempSync(join(tmpdir(), 'kc-list-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function kubeconfig(name: string, opts: { current?: string; clusters: [string, string][]; contexts: [string, string][] }): string {
  const file = join(dir, name);
  writeFileSync(file, [
    'apiVersion: v1', 'kind: Config', ...(opts.current ? [`current-context: ${opts.current}`] : []),
    `clusters: [${opts.clusters.map(([n, server]) => `{name: ${n}, cluster: {server: "${server}"}}`).join(', ')}]`,
    `users: [{name: u-${name}, user: {token: t}}]`,
    `contexts: [${opts.contexts.map(([n, cluster]) => `{name: ${n}, context: {cluster: ${cluster}, user: u-${name}}}`).join(', ')}]`,
  ].join('\n'));
  return file;
}

const first = kubeconfig('first', { current: 'ctx-a', clusters: [['shared', 'https://first.example:6443']], contexts: [['ctx-a', 'shared']] });
const second = kubeconfig('second', {
  current: 'ctx-b', clusters: [['shared', 'https://second.example:6443'], ['other', 'https://other.example:6443']], contexts: [['ctx-b', 'other'], ['ctx-a', 'other']],
});
const missing = join(dir, 'missing');
const list = [missing, first, second].join(delimiter);

describe('which kubeconfig', () => {
  it('the flag, else $KUBECONFIG, else ~/.kube/config', () => {
    expect(kubeconfigLocation('/flag', { KUBECONFIG: '/env', HOME: '/home/x' })).toBe('/flag');
    expect(kubeconfigLocation(undefined, { KUBECONFIG: '/env', HOME: '/home/x' })).toBe('/env');
    expect(kubeconfigLocation(undefined, { HOME: '/home/x' })).toBe('/home/x/.kube/config');
    expect(defaultKubeconfigPath({ HOME: '/home/y' })).toBe('/home/y/.kube/config');
  });
});

describe('a list merges as kubectl merges it', () => {
  it('the first file to set current-context wins, and so does the first to name a cluster or context; missing files are skipped', () => {
    const kc = loadKubeconfigFiles(list);
    expect(kc.getCurrentContext()).toBe('ctx-a');
    expect(kc.getCurrentCluster()?.server).toBe('https://first.example:6443');
    expect(kc.getContextObject('ctx-b')?.cluster).toBe('other');
    expect(kc.getCluster('other')?.server).toBe('https://other.example:6443');
    expect(kc.getContexts().map((c) => c.name).sort()).toEqual(['ctx-a', 'ctx-b']);
  });

  it('a list with no existing file, or one missing file given alone, is an error naming it', () => {
    expect(() => loadKubeconfigFiles([missing, join(dir, 'gone')].join(delimiter))).toThrow(`cannot read kubeconfig ${missing}${delimiter}${join(dir, 'gone')}: none of its files exists`);
    expect(() => loadKubeconfigFiles(missing)).toThrow(`cannot read kubeconfig ${missing}: `);
  });

  it('a KUBECONFIG list from the given environment is honoured (not only from process.env)', async () => {
    const files = { kubeconfigFile: kubeConfigFromFile };
    expect((await kubeConfigFromEnv({ KUBECONFIG: list }, files) as KubeConfig).getCurrentCluster()?.server).toBe('https://first.example:6443');
    expect((await kubeConfigFromEnv({ LYNQ_KUBECONFIG: [second, first].join(delimiter), KUBECONFIG: missing }, files) as KubeConfig).getCurrentCluster()?.server).toBe('https://other.example:6443');
    expect(kubeConfigFromFile(undefined, { KUBECONFIG: list }).getCurrentContext()).toBe('ctx-a');
  });

  it('the CLI\'s --kubeconfig and $KUBECONFIG take a list too', async () => {
    expect((await connectCluster({ kubeconfig: list })).getCurrentCluster()?.server).toBe('https://first.example:6443');
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = [second, first].join(delimiter);
    try {
      expect(((await connectCluster({})) as KubeConfig).getCurrentContext()).toBe('ctx-b');
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
    }
  });
});
