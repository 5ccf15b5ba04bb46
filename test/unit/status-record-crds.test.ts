import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { lynqFormCrd, lynqHubCrd } from '../../lambdas/adapters/kube-status-crds';

const fromFile = (name: string) => parse(readFileSync(join(__dirname, '../../manifests', name), 'utf8'));
const columns = (crd: { spec: { versions: { additionalPrinterColumns: { name: string; jsonPath: string; priority?: number }[] }[] } }) =>
  crd.spec.versions[0].additionalPrinterColumns.filter((c) => !c.priority).map((c) => [c.name.toUpperCase(), c.jsonPath]);

describe('LynqHub and LynqForm status-record CRDs', () => {
  it('ship as manifests next to the LynqNode CRD, equal to what the store installs', () => {
    expect(fromFile('lynqhub-crd.yaml')).toEqual(lynqHubCrd);
    expect(fromFile('lynqform-crd.yaml')).toEqual(lynqFormCrd);
  });

  it('are namespaced in our own group with a status subresource', () => {
    for (const crd of [fromFile('lynqhub-crd.yaml'), fromFile('lynqform-crd.yaml')]) {
      expect(crd.spec.group).toBe('sfn.lynq.sh');
      expect(crd.spec.scope).toBe('Namespaced');
      expect(crd.spec.versions[0].subresources).toEqual({ status: {} });
    }
  });

  it('kubectl get lynqhub shows DESIRED/READY/FAILED and the last sync time and result', () => {
    expect(columns(fromFile('lynqhub-crd.yaml'))).toEqual([
      ['DESIRED', '.status.desired'], ['READY', '.status.ready'], ['FAILED', '.status.failed'],
      ['LAST SYNC', '.status.lastSyncTime'], ['RESULT', '.status.lastSyncResult'], ['AGE', '.metadata.creationTimestamp'],
    ]);
  });

  it('kubectl get lynqform shows the rollout: phase, total, updated, updating and ready-updated', () => {
    expect(columns(fromFile('lynqform-crd.yaml'))).toEqual([
      ['HUB', '.spec.hubId'], ['PHASE', '.status.rollout.phase'], ['TOTAL', '.status.rollout.total'], ['UPDATED', '.status.rollout.updated'],
      ['UPDATING', '.status.rollout.updating'], ['READY-UPDATED', '.status.rollout.readyUpdated'], ['AGE', '.metadata.creationTimestamp'],
    ]);
  });
});
