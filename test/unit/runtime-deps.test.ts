// The deployed functions' dependencies: the Kubernetes connection is looked up on every invocation,
// so a warm container picks up the refreshed EKS token instead of keeping the first one forever.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCompiledConfig } from '../../lambdas/adapters/config-directory';
import { kubeConfigFromFile } from '../../lambdas/adapters/kube-config-file';
import { runtimeDeps } from '../../lambdas/handlers/runtime-deps';
import { EXAMPLE_DIR } from '../../local/local-environment';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: "https://127.0.0.1:1" } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
current-context: x
`;

test('config is loaded once; the Kubernetes connection and its record store follow the current one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lynq-runtime-'));
  try {
    writeFileSync(join(dir, 'kubeconfig'), KUBECONFIG);
    // The functions read the config as the synth compiles it into their bundle.
    writeCompiledConfig(EXAMPLE_DIR, join(dir, 'lynq-config.json'));
    const env = { LYNQ_CONFIG_FILE: join(dir, 'lynq-config.json'), LYNQ_KUBECONFIG: join(dir, 'kubeconfig'), LYNQ_RECORD_NAMESPACE: 'records' };
    // Without the compiled config a cold start fails, saying what is missing; the next one is retried.
    await expect(runtimeDeps({ ...env, LYNQ_CONFIG_FILE: ' ' })).rejects.toThrow('LYNQ_CONFIG_FILE is not set: it names the configuration compiled at synth');
    const first = await runtimeDeps(env, { kubeconfigFile: kubeConfigFromFile });
    expect(first.config.hubs[0].hub.file).toBe(join('database-per-node', 'hub.yaml'));
    const second = await runtimeDeps(env, { kubeconfigFile: kubeConfigFromFile });
    expect(second.config).toBe(first.config);
    // A kubeconfig file is read again each time (an EKS config is re-issued before its token expires).
    expect(second.kube).not.toBe(first.kube);
    expect(second.cluster).not.toBe(first.cluster);
    expect(second.records).not.toBe(first.records);
    expect(second.records.namespace).toBe('records');
    expect(second.kube.getCurrentCluster()?.server).toBe('https://127.0.0.1:1');
    // Given no hub table reader (every task function but LoadNode), the table is never read.
    await expect(second.readRows(second.config.hubs[0].hub)).rejects.toThrow('this function does not read the hub table: only the sync and LoadNode do');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
