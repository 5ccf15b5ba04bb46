import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { lynqNodeCrd } from '../../lambdas/adapters/kube-lynqnode-crd';

describe('LynqNode CRD', () => {
  const fromFile = parse(readFileSync(join(__dirname, '../../manifests/lynqnode-crd.yaml'), 'utf8'));

  it('manifests/lynqnode-crd.yaml is the same object the store installs', () => {
    expect(fromFile).toEqual(lynqNodeCrd);
  });

  it('is namespaced in our own group with a status subresource and the columns the health check reads', () => {
    expect(fromFile.metadata.name).toBe('lynqnodes.sfn.lynq.sh');
    expect(fromFile.spec.group).toBe('sfn.lynq.sh');
    expect(fromFile.spec.scope).toBe('Namespaced');
    expect(fromFile.spec.names.kind).toBe('LynqNode');
    const version = fromFile.spec.versions[0];
    expect(version.subresources).toEqual({ status: {} });
    const columns = version.additionalPrinterColumns.filter((c: { priority?: number }) => !c.priority).map((c: { name: string; jsonPath: string }) => [c.name.toUpperCase(), c.jsonPath]);
    expect(columns).toEqual([
      ['READY', '.status.readySummary'],
      ['DESIRED', '.status.desiredResources'],
      ['FAILED', '.status.failedResources'],
      ['HUB', '.spec.hubId'],
      ['AGE', '.metadata.creationTimestamp'],
    ]);
  });
});
