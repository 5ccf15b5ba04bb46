import { diffObjects } from '../../lambdas/core/apply/object-diff';

const deployment = (cpu: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: {
    name: 'app', namespace: 'ns', resourceVersion: '7', generation: 2, uid: 'u-1', creationTimestamp: '2026-01-01T00:00:00Z',
    managedFields: [{ manager: 'lynq-sfn' }],
    labels: { 'lynq.sh/node': 'acme-db', app: 'acme' },
    annotations: { 'lynq.sh/applied-hash': 'h1', 'lynq.sh/apply-start-time': '2026-01-01T00:00:00Z' },
  },
  spec: { replicas: 2, strategy: { type: 'RollingUpdate' }, template: { spec: { containers: [{ name: 'app', resources: { requests: { cpu } } }] } } },
  status: { readyReplicas: 2 },
  ...extra,
});

describe('diffObjects', () => {
  it('shows only what the apply changes: server bookkeeping, status and lynq-sfn annotations are not changes', () => {
    const live = deployment('500m');
    const after = deployment('1000m');
    after.metadata.resourceVersion = '8';
    after.metadata.generation = 3;
    after.metadata.annotations = { 'lynq.sh/applied-hash': 'h2', 'lynq.sh/apply-start-time': '2026-02-01T00:00:00Z' };
    after.status = { readyReplicas: 0 };
    expect(diffObjects(live, after)).toEqual([
      { path: 'spec.template.spec.containers[0].resources.requests.cpu', change: 'changed', before: '"500m"', after: '"1000m"' },
    ]);
  });

  it('a field the server defaulted is on both sides, so it is no change', () => {
    expect(diffObjects(deployment('1'), deployment('1'))).toEqual([]);
  });

  it('added and removed fields; map keys with dots or slashes in brackets', () => {
    const live = deployment('1');
    const after = deployment('1');
    (after.metadata as { labels: Record<string, string> }).labels = { 'lynq.sh/node': 'acme-db', tier: 'gold' };
    expect(diffObjects(live, after)).toEqual([
      { path: 'metadata.labels.app', change: 'removed', before: '"acme"' },
      { path: 'metadata.labels.tier', change: 'added', after: '"gold"' },
    ]);
    const keyed = diffObjects({ data: {} }, { data: { 'a.b/c': 'x' } });
    expect(keyed).toEqual([
      { path: 'data', change: 'removed', before: '{}' },
      { path: 'data["a.b/c"]', change: 'added', after: '"x"' },
    ]);
  });

  it('an object that does not exist yet: every field is added', () => {
    expect(diffObjects(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } }).map((c) => `${c.change} ${c.path}`)).toEqual([
      'added apiVersion', 'added kind', 'added metadata.name',
    ]);
  });
});
