// What `lynq-sfn run` prints for a drift detection round: a summary, then what drifted per node (ids,
// field paths and managers; never a value).
import { driftRoundLines } from '../../local/outcome-report';
import type { DriftRoundReport } from '../../lambdas/workflow/drift-round';

const report = (over: Partial<DriftRoundReport> = {}): DriftRoundReport => ({
  nodesChecked: 12, objectsExpected: 36, objectsListed: 36, kinds: ['v1 ConfigMap'], drifted: [], repairs: [], deferred: 0, startFailures: 0, durationMs: 5, ...over,
});

test('a round without drift is one line', () => {
  expect(driftRoundLines(report())).toEqual(['drift: 12 nodes checked, 0 drifted, 0 repairs started']);
});

test('each drifted node names its missing objects and taken fields with their new managers; the repair cap is said', () => {
  expect(driftRoundLines(report({
    drifted: [{
      node: 'acme-web', uid: 'acme', form: 'web',
      resources: [
        { id: 'settings', kind: 'ConfigMap', name: 'acme-settings', namespace: 'n', reason: 'missing' },
        { id: 'app', kind: 'Deployment', name: 'acme-app', namespace: 'n', reason: 'fields-taken-over', fields: ['.spec.replicas', '.spec.template.spec.containers[name=app].image'], managers: ['kubectl-edit'] },
      ],
    }],
    repairs: ['acme-web-fix-0123456789-abcdef'],
    deferred: 2,
  }))).toEqual([
    'drift: 12 nodes checked, 1 drifted, 1 repairs started, 2 waiting for a later round (repair cap)',
    '  drifted: acme/web: settings (missing); app (.spec.replicas, .spec.template.spec.containers[name=app].image now owned by kubectl-edit)',
  ]);
});
