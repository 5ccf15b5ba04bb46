import {
  adoptionPatch,
  appliedHash,
  applyStartTime,
  desiredObject,
  hasOrphanMarkers,
  keepIgnoredFields,
  orphanMarkerPatch,
  trackingLabels,
  withApplyAnnotations,
  type NodeIdentity,
} from '../../lambdas/core/apply';
import type { ResourceTemplate } from '../../lambdas/core/config/config-model';
import type { KubeObject, RenderedResource } from '../../lambdas/core/template/rendered-resource';

const node: NodeIdentity = { nodeName: 'acme-corp-database-provisioning', recordNamespace: 'lynq-system', uid: 'acme-corp', form: 'database-provisioning', hubId: 'database-per-node' };

function template(overrides: Partial<ResourceTemplate> = {}): ResourceTemplate {
  return {
    id: 'app', list: 'deployments', spec: {}, nameTemplate: '', targetNamespace: '', labelsTemplate: {}, annotationsTemplate: {},
    dependIds: [], creationPolicy: 'WhenNeeded', deletionPolicy: 'Delete', conflictPolicy: 'Stuck', patchStrategy: 'apply',
    waitForReady: true, timeoutSeconds: 300, skipOnDependencyFailure: true, ignoreFields: [], ...overrides,
  };
}

function rendered(manifest: KubeObject, overrides: Partial<ResourceTemplate> = {}): RenderedResource {
  return { id: overrides.id ?? 'app', template: template(overrides), manifest };
}

const deployment = (): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'acme-corp-app', namespace: 'node-acme-corp', labels: { app: 'acme-corp', 'lynq.sh/node': 'forged' } },
  spec: { replicas: 2, template: { spec: { containers: [{ name: 'app', image: 'registry.example.com/node-app:v1.0.0' }] } } },
});

describe('desiredObject', () => {
  it('stamps tracking labels (overriding template values) and policy annotations', () => {
    const d = desiredObject(rendered(deployment(), { deletionPolicy: 'Retain' }), node, true);
    expect(d.metadata.labels).toEqual({ app: 'acme-corp', ...trackingLabels(node) });
    expect(d.metadata.labels!['lynq.sh/node']).toBe('acme-corp-database-provisioning');
    expect(d.metadata.labels!['app.kubernetes.io/managed-by']).toBe('lynq-sfn');
    expect(d.metadata.annotations).toEqual({ 'lynq.sh/deletion-policy': 'Retain', 'lynq.sh/resource-id': 'app' });
    expect(d.metadata.ownerReferences).toBeUndefined();
  });

  it('adds created-once only for Once', () => {
    expect(desiredObject(rendered(deployment(), { creationPolicy: 'Once' }), node, true).metadata.annotations!['lynq.sh/created-once']).toBe('true');
    expect(desiredObject(rendered(deployment()), node, true).metadata.annotations!['lynq.sh/created-once']).toBeUndefined();
  });

  it('drops the namespace of a cluster-scoped kind and defaults a namespaced one to the record namespace', () => {
    const rds: KubeObject = { apiVersion: 'database.aws.crossplane.io/v1beta1', kind: 'RDSInstance', metadata: { name: 'acme-corp-postgres', namespace: 'node-acme-corp' }, spec: {} };
    expect(desiredObject(rendered(rds, { id: 'rds-instance' }), node, false).metadata.namespace).toBeUndefined();
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {} };
    expect(desiredObject(rendered(cm), node, true).metadata.namespace).toBe('lynq-system');
  });

  it('strips server-owned metadata, status and ownerReferences the template may carry', () => {
    const m = deployment();
    Object.assign(m.metadata, { resourceVersion: '5', uid: 'u', managedFields: [], ownerReferences: [{ kind: 'X' }] });
    m.status = { readyReplicas: 2 };
    const d = desiredObject(rendered(m), node, true);
    expect(d.metadata).not.toHaveProperty('resourceVersion');
    expect(d.metadata).not.toHaveProperty('managedFields');
    expect(d.metadata).not.toHaveProperty('ownerReferences');
    expect(d).not.toHaveProperty('status');
  });

  it('names node, resource and field for bad input', () => {
    const noName = { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} } as unknown as KubeObject;
    expect(() => desiredObject(rendered(noName, { id: 'cfg' }), node, true)).toThrow('resource "cfg" of node acme-corp-database-provisioning: field metadata.name is missing');
    const badLabel = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { tier: 3 } } } as unknown as KubeObject;
    expect(() => desiredObject(rendered(badLabel, { id: 'cfg' }), node, true)).toThrow('field metadata.labels.tier must be a string, got number');
  });

  it('does not modify the rendered manifest', () => {
    const m = deployment();
    const before = JSON.stringify(m);
    desiredObject(rendered(m), node, true);
    expect(JSON.stringify(m)).toBe(before);
  });
});

describe('appliedHash and apply-start-time', () => {
  it('is 16 hex chars, ignores key order and its own annotations, and changes with the spec', () => {
    const d = desiredObject(rendered(deployment()), node, true);
    const h = appliedHash(d);
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    const reordered = JSON.parse(JSON.stringify({ spec: d.spec, metadata: d.metadata, kind: d.kind, apiVersion: d.apiVersion }));
    expect(appliedHash(reordered)).toBe(h);
    expect(appliedHash(withApplyAnnotations(d, h, '2026-01-01T00:00:00Z'))).toBe(h);
    const changed = structuredClone(d);
    (changed.spec as { replicas: number }).replicas = 3;
    expect(appliedHash(changed)).not.toBe(h);
  });

  it('keeps the start time while the hash is unchanged and resets it when it changes', () => {
    const now = new Date('2026-02-02T00:00:00Z');
    const live = withApplyAnnotations(deployment(), 'aaaa', '2026-01-01T00:00:00Z');
    expect(applyStartTime(live, 'aaaa', now)).toBe('2026-01-01T00:00:00Z');
    expect(applyStartTime(live, 'bbbb', now)).toBe(now.toISOString());
    expect(applyStartTime(undefined, 'aaaa', now)).toBe(now.toISOString());
  });
});

describe('keepIgnoredFields', () => {
  it('keeps the live value at each path (a scaled replica count)', () => {
    const desired = deployment();
    const live = deployment();
    (live.spec as { replicas: number }).replicas = 7;
    const out = keepIgnoredFields(desired, live, ['$.spec.replicas']);
    expect((out.spec as { replicas: number }).replicas).toBe(7);
    expect((desired.spec as { replicas: number }).replicas).toBe(2);
  });

  it('drops a path that is absent live, so the field stays unset', () => {
    const live = deployment();
    delete (live.spec as { replicas?: number }).replicas;
    const out = keepIgnoredFields(deployment(), live, ['$.spec.replicas']);
    expect(out.spec).not.toHaveProperty('replicas');
  });

  it('handles wildcards and bracket notation; a path that matches nothing is a no-op', () => {
    const desired = deployment();
    const live = deployment();
    (live.spec as any).template.spec.containers[0].image = 'patched:v2';
    const out = keepIgnoredFields(desired, live, ["$.spec.template.spec.containers[*]['image']", '$.spec.nothing.here']);
    expect((out.spec as any).template.spec.containers[0].image).toBe('patched:v2');
    expect(out.spec).not.toHaveProperty('nothing');
  });
});

describe('orphan markers', () => {
  it('retain patch removes ownership labels and adds the markers; adoption undoes it', () => {
    const patch = orphanMarkerPatch('RemovedFromTemplate', new Date('2026-05-06T07:08:09.123Z'));
    expect(patch).toEqual({
      metadata: {
        labels: { 'lynq.sh/node': null, 'lynq.sh/node-namespace': null, 'lynq.sh/orphaned': 'true' },
        annotations: { 'lynq.sh/orphaned-at': '2026-05-06T07:08:09Z', 'lynq.sh/orphaned-reason': 'RemovedFromTemplate' },
      },
    });
    const adopt = adoptionPatch(node) as { metadata: { labels: Record<string, unknown>; annotations: Record<string, unknown> } };
    expect(adopt.metadata.labels['lynq.sh/orphaned']).toBeNull();
    expect(adopt.metadata.labels['lynq.sh/node']).toBe(node.nodeName);
    expect(adopt.metadata.annotations).toEqual({ 'lynq.sh/orphaned-at': null, 'lynq.sh/orphaned-reason': null });
  });

  it('recognises orphan markers', () => {
    const live = deployment();
    expect(hasOrphanMarkers(live)).toBe(false);
    live.metadata.labels = { 'lynq.sh/orphaned': 'true' };
    expect(hasOrphanMarkers(live)).toBe(true);
  });
});
