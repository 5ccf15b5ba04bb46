// A kubeconfig without credentials pointing at the emulator, written to a temporary file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export function kubeconfigYamlFor(url: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    // client-node 1.x refuses plain http unless TLS verification is marked skipped.
    clusters: [{ name: 'lynq-emulator', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'lynq-emulator', user: {} }],
    contexts: [{ name: 'lynq-emulator', context: { cluster: 'lynq-emulator', user: 'lynq-emulator', namespace: 'default' } }],
    'current-context': 'lynq-emulator',
    preferences: {},
  });
}

export function writeKubeconfig(yaml: string): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'lynq-kube-emulator-'));
  const path = join(dir, 'kubeconfig');
  writeFileSync(path, yaml, { mode: 0o600 });
  return { path, remove: () => { rmSync(dir, { recursive: true, force: true }); } };
}
