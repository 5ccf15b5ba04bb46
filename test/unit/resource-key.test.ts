import { orphanedRefs, parseResourceKey, resourceKey } from '../../lambdas/core/apply/resource-key';
import type { AppliedRef } from '../../lambdas/core/contracts/workflow-contracts';

describe('resource keys', () => {
  it('formats Kind/namespace/name@id and parses it back', () => {
    const key = resourceKey({ id: 'app', kind: 'Deployment', namespace: 'node-acme-corp', name: 'acme-corp-app' });
    expect(key).toBe('Deployment/node-acme-corp/acme-corp-app@app');
    expect(parseResourceKey(key)).toEqual({ id: 'app', kind: 'Deployment', namespace: 'node-acme-corp', name: 'acme-corp-app' });
  });

  it('leaves the namespace segment empty for cluster-scoped kinds', () => {
    const key = resourceKey({ id: 'rds-instance', kind: 'RDSInstance', name: 'acme-corp-postgres' });
    expect(key).toBe('RDSInstance//acme-corp-postgres@rds-instance');
    expect(parseResourceKey(key)).toEqual({ id: 'rds-instance', kind: 'RDSInstance', name: 'acme-corp-postgres' });
  });

  it('rejects malformed keys', () => {
    expect(() => parseResourceKey('Deployment/x')).toThrow('invalid resource key "Deployment/x"');
  });
});

describe('orphanedRefs', () => {
  const cm: AppliedRef = { id: 'cfg', apiVersion: 'v1', kind: 'ConfigMap', name: 'acme-cfg', namespace: 'node-acme-corp' };
  const widget: AppliedRef = { id: 'w', apiVersion: 'example.com/v1', kind: 'Widget', name: 'acme-w', namespace: 'node-acme-corp' };
  const app: AppliedRef = { id: 'app', apiVersion: 'apps/v1', kind: 'Deployment', name: 'acme-corp-app', namespace: 'node-acme-corp' };

  it('returns previous refs the current form no longer places, custom resources included', () => {
    expect(orphanedRefs([cm, widget, app], [app])).toEqual([cm, widget]);
  });

  it('treats a rename, a new namespace or a new id as an orphan of the old object', () => {
    expect(orphanedRefs([cm], [{ ...cm, name: 'other' }])).toEqual([cm]);
    expect(orphanedRefs([cm], [{ ...cm, namespace: 'elsewhere' }])).toEqual([cm]);
    expect(orphanedRefs([cm], [{ ...cm, id: 'cfg2' }])).toEqual([cm]);
  });

  it('an apiVersion change alone is the same object', () => {
    expect(orphanedRefs([widget], [{ ...widget, apiVersion: 'example.com/v2' }])).toEqual([]);
  });
});
