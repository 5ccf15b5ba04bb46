// The drift decision (issue #13): missing objects and fields taken over by another field manager,
// with ignoreFields and creationPolicy Once honoured, and the managedFields path comparison under it.
import { detectDrift, entriesThatCanDrift, type ExpectedObject, type LiveMetadata } from '../../lambdas/core/sync/drift-detection';
import { ignoredPaths, ownsPath, pathsOfFieldsV1, pathsOfObject } from '../../lambdas/core/apply/owned-field-paths';
import type { KubeObject } from '../../lambdas/core/template/rendered-resource';

const deployment: KubeObject = {
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', namespace: 'n1', labels: { 'app.kubernetes.io/managed-by': 'lynq-sfn' }, annotations: { 'lynq.sh/applied-hash': 'h' } },
  spec: {
    replicas: 2,
    template: { spec: { containers: [{ name: 'app', image: 'nginx:1', ports: [{ containerPort: 80 }], args: ['-v'] }] } },
  },
};

/** fieldsV1 of what lynq-sfn owns after applying `deployment`, as a real API server records it. */
const ourFields = {
  'f:metadata': { 'f:labels': { 'f:app.kubernetes.io/managed-by': {} }, 'f:annotations': { 'f:lynq.sh/applied-hash': {} } },
  'f:spec': {
    'f:replicas': {},
    'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:name': {}, 'f:image': {}, 'f:args': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } } } },
  },
};

function without(fields: Record<string, unknown>, ...path: string[]): Record<string, unknown> {
  const copy = structuredClone(fields);
  let node = copy as Record<string, any>;
  for (const key of path.slice(0, -1)) node = node[key];
  Reflect.deleteProperty(node, path[path.length - 1]);
  return copy;
}

const expected = (over: Partial<ExpectedObject> = {}): ExpectedObject => ({
  node: 'acme-f', uid: 'acme', form: 'f', resourceId: 'app', template: { creationPolicy: 'WhenNeeded', ignoreFields: [] }, desired: deployment, ...over,
});
const live = (managedFields: unknown[], name = 'web'): LiveMetadata => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'n1', managedFields } });
const apply = (manager: string, fieldsV1: unknown, subresource?: string) => ({ manager, operation: 'Apply', fieldsV1, ...(subresource ? { subresource } : {}) });
const update = (manager: string, fieldsV1: unknown, subresource?: string) => ({ manager, operation: 'Update', fieldsV1, ...(subresource ? { subresource } : {}) });
const imageTaken = without(ourFields, 'f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"app"}', 'f:image');
const byEditor = update('kubectl-edit', { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { 'f:image': {} } } } } } });

describe('detectDrift', () => {
  test('an object as lynq-sfn applied it, with controllers writing status and their own annotations, is not drift', () => {
    const controller = update('kube-controller-manager', { 'f:metadata': { 'f:annotations': { 'f:deployment.kubernetes.io/revision': {} } } });
    const status = update('kube-controller-manager', { 'f:status': { 'f:replicas': {} } }, 'status');
    expect(detectDrift([expected()], [live([apply('lynq-sfn', ourFields), controller, status])])).toEqual([]);
  });

  test('a missing object is drift, whatever its creationPolicy', () => {
    const drift = detectDrift([expected({ template: { creationPolicy: 'Once', ignoreFields: [] } })], [live([apply('lynq-sfn', ourFields)], 'other')]);
    expect(drift).toEqual([{ node: 'acme-f', uid: 'acme', form: 'f', resources: [{ id: 'app', kind: 'Deployment', name: 'web', namespace: 'n1', reason: 'missing' }] }]);
  });

  test('a field lynq-sfn applied that another manager now owns is drift, naming the field and the manager', () => {
    const drift = detectDrift([expected()], [live([apply('lynq-sfn', imageTaken), byEditor])]);
    expect(drift[0].resources).toEqual([{
      id: 'app', kind: 'Deployment', name: 'web', namespace: 'n1', reason: 'fields-taken-over',
      fields: ['.spec.template.spec.containers[name=app].image'], managers: ['kubectl-edit'],
    }]);
  });

  test('a field both managers own (the same value applied twice) is not drift', () => {
    expect(detectDrift([expected()], [live([apply('lynq-sfn', ourFields), byEditor])])).toEqual([]);
  });

  test('a field the form ignores is never drift, nor any field of a creationPolicy Once object', () => {
    const replicasTaken = without(ourFields, 'f:spec', 'f:replicas');
    const scaler = update('hpa', { 'f:spec': { 'f:replicas': {} } });
    expect(detectDrift([expected()], [live([apply('lynq-sfn', replicasTaken), scaler])])).toHaveLength(1);
    expect(detectDrift([expected({ template: { creationPolicy: 'WhenNeeded', ignoreFields: ['$.spec.replicas'] } })], [live([apply('lynq-sfn', replicasTaken), scaler])])).toEqual([]);
    expect(detectDrift([expected({ template: { creationPolicy: 'Once', ignoreFields: [] } })], [live([apply('lynq-sfn', imageTaken), byEditor])])).toEqual([]);
  });

  test('an ignoreFields index into a named list ignores that item only', () => {
    const template = { creationPolicy: 'WhenNeeded' as const, ignoreFields: ['$.spec.template.spec.containers[0].image'] };
    expect(detectDrift([expected({ template })], [live([apply('lynq-sfn', imageTaken), byEditor])])).toEqual([]);
  });

  test('kubectl scale (the scale subresource) takes .spec.replicas: drift unless the form ignores it', () => {
    const scaled = update('kubectl-scale', { 'f:spec': { 'f:replicas': {} } }, 'scale');
    const managedFields = [apply('lynq-sfn', without(ourFields, 'f:spec', 'f:replicas')), scaled];
    expect(detectDrift([expected()], [live(managedFields)])[0].resources[0]).toMatchObject({ fields: ['.spec.replicas'], managers: ['kubectl-scale'] });
    expect(detectDrift([expected({ template: { creationPolicy: 'WhenNeeded', ignoreFields: ['$.spec.replicas'] } })], [live(managedFields)])).toEqual([]);
  });

  test('a status writer and a field nobody owns any more (pruned, defaulted away) are not drift', () => {
    const statusWriter = update('controller', { 'f:spec': { 'f:replicas': {} } }, 'status');
    expect(detectDrift([expected()], [live([apply('lynq-sfn', without(ourFields, 'f:spec', 'f:replicas')), statusWriter])])).toEqual([]);
  });

  test('a list owned whole by another manager takes every field below it', () => {
    const argsTaken = without(ourFields, 'f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"app"}', 'f:args');
    const other = apply('other', { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { 'f:args': {} } } } } } });
    expect(detectDrift([expected()], [live([apply('lynq-sfn', argsTaken), other])])[0].resources[0].fields).toEqual(['.spec.template.spec.containers[name=app].args']);
  });

  test('a Secret names taken fields no deeper than .data: its keys stay out of reports', () => {
    const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n1' }, data: { password: 'c2VjcmV0' } };
    const drift = detectDrift(
      [expected({ desired: secret, resourceId: 'secret' })],
      [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n1', managedFields: [apply('lynq-sfn', {}), update('kubectl-edit', { 'f:data': { 'f:password': {} } })] } }],
    );
    expect(drift[0].resources[0].fields).toEqual(['.data']);
    expect(JSON.stringify(drift)).not.toContain('password');
    expect(JSON.stringify(drift)).not.toContain('c2VjcmV0');
  });

  test('drift is grouped per node, in the order of the expected objects', () => {
    const other = expected({ node: 'beta-f', uid: 'beta', desired: { ...deployment, metadata: { ...deployment.metadata, name: 'web2' } } });
    const drift = detectDrift([expected(), other], []);
    expect(drift.map((d) => [d.node, d.resources.map((r) => r.name)])).toEqual([['acme-f', ['web']], ['beta-f', ['web2']]]);
  });
});

describe('entriesThatCanDrift', () => {
  test('keeps nothing of an object only lynq-sfn and status writers manage, and drops status writers otherwise', () => {
    const status = update('kube-controller-manager', { 'f:status': {} }, 'status');
    expect(entriesThatCanDrift([apply('lynq-sfn', ourFields), status])).toEqual([]);
    expect(entriesThatCanDrift([apply('lynq-sfn', ourFields), status, byEditor])).toEqual([apply('lynq-sfn', ourFields), byEditor]);
  });
});

describe('field paths', () => {
  test('an object and the fieldsV1 of its apply give the same paths; label keys with dots stay one segment', () => {
    const fromObject = pathsOfObject(deployment);
    const fromServer = pathsOfFieldsV1(ourFields);
    expect(fromObject).toContain('.metadata.labels["app.kubernetes.io/managed-by"]');
    expect(fromObject).toContain('.spec.template.spec.containers[name=app].ports');
    expect(fromObject).not.toContain('.metadata.name');
    for (const path of fromObject) expect([path, ownsPath(fromServer, path)]).toEqual([path, true]);
  });

  test('a dotted key is not the parent of a shorter key', () => {
    const set = pathsOfFieldsV1({ 'f:metadata': { 'f:labels': { 'f:app.kubernetes.io/name': {} } } });
    expect(ownsPath(set, '.metadata.labels.app')).toBe(false);
    expect(ownsPath(set, '.metadata.labels["app.kubernetes.io/name"]')).toBe(true);
  });

  test('ignoreFields paths select whole unnamed lists and single named items', () => {
    expect(ignoredPaths(deployment, ['$.spec.template.spec.containers[0].ports[0].containerPort', '$.spec.replicas'])).toEqual([
      '.spec.template.spec.containers[name=app].ports', '.spec.replicas',
    ]);
  });
});
