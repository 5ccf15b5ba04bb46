// Apply conflicts as a real kube-apiserver v1.28 words them (recorded in ../shared/kube-conformance).
import { ApiException } from '@kubernetes/client-node';
import { parseApplyConflicts } from '../../lambdas/adapters/kube-apply-conflicts';
import { classifyKubeError, KubeConflictError, KubeStaleWriteError } from '../../lambdas/adapters/kube-errors';
import { recordedResponse } from '../support/recorded-api-server';

interface StatusBody {
  message: string;
  details?: { causes?: { reason?: string; message?: string; field?: string }[] };
}

function recordedBody(file: string, step: number): StatusBody {
  return recordedResponse(file, step).body as StatusBody;
}

function classifyRecorded(file: string, step: number, target = { verb: 'patch' as const, apiVersion: 'v1', kind: 'ConfigMap', name: 'settings', namespace: 'conf-apply' }) {
  const response = recordedResponse(file, step);
  return classifyKubeError(new ApiException(response.status, 'recorded', response.body, {}), target);
}

describe('apply conflicts from a real API server', () => {
  it('one manager, one field: causes carry reason FieldManagerConflict and no type', () => {
    const body = recordedBody('03-server-side-apply.json', 5);
    expect(body.details?.causes?.[0]).not.toHaveProperty('type');
    const err = classifyRecorded('03-server-side-apply.json', 5) as KubeConflictError;
    expect(err).toBeInstanceOf(KubeConflictError);
    expect(err.managers).toEqual(['platform-team']);
    expect(err.fields).toEqual(['.data.color']);
    expect(err.message).toBe(
      'conflict applying ConfigMap conf-apply/settings: .data.color is owned by field manager "platform-team"; set conflictPolicy: Force to take it over',
    );
  });

  it('two managers: each field is named with its own manager', () => {
    const err = classifyRecorded('03-server-side-apply.json', 10) as KubeConflictError;
    expect(err.managers).toEqual(['ops-team', 'platform-team']);
    expect(err.conflicts).toEqual([
      { manager: 'ops-team', how: '', fields: ['.data.tier'] },
      { manager: 'platform-team', how: '', fields: ['.data.zone'] },
    ]);
    expect(err.message).toContain('.data.tier is owned by field manager "ops-team"; .data.zone is owned by field manager "platform-team"');
  });

  it('one manager, two fields', () => {
    const err = classifyRecorded('03-server-side-apply.json', 12) as KubeConflictError;
    expect(err.conflicts).toEqual([{ manager: 'platform-team', how: '', fields: ['.data.region', '.data.zone'] }]);
    expect(err.message).toContain('.data.region, .data.zone are owned by field manager "platform-team"; set conflictPolicy: Force to take them over');
  });

  it('an Update manager says how it wrote (using v1)', () => {
    const err = classifyRecorded('03-server-side-apply.json', 14) as KubeConflictError;
    expect(err.conflicts).toEqual([{ manager: 'kubectl-edit', how: 'using v1', fields: ['.data.mode'] }]);
    expect(err.message).toContain('.data.mode is owned by field manager "kubectl-edit" using v1');
  });

  it('a keyed list item keeps its key in the field path', () => {
    const err = classifyRecorded('03-server-side-apply.json', 32) as KubeConflictError;
    expect(err.fields).toEqual(['.spec.template.spec.containers[name="app"].image']);
    expect(err.managers).toEqual(['platform-team']);
  });

  it('a status manager says with subresource "status"', () => {
    const err = classifyRecorded('13-status-apply.json', 8) as KubeConflictError;
    expect(err.conflicts).toEqual([{ manager: 'lynq-sfn', how: 'with subresource "status"', fields: ['.status.readySummary'] }]);
  });

  it('a stale resourceVersion (409 without conflicts) stays a retryable stale write', () => {
    expect(classifyRecorded('03-server-side-apply.json', 21)).toBeInstanceOf(KubeStaleWriteError);
    expect(classifyRecorded('13-status-apply.json', 11)).toBeInstanceOf(KubeStaleWriteError);
  });

  it.each([
    ['03-server-side-apply.json', 5],
    ['03-server-side-apply.json', 10],
    ['03-server-side-apply.json', 12],
    ['03-server-side-apply.json', 14],
    ['03-server-side-apply.json', 26],
    ['03-server-side-apply.json', 30],
    ['03-server-side-apply.json', 32],
    ['13-status-apply.json', 8],
  ])('%s step %i: the message alone gives the same managers and fields as the causes', (file, step) => {
    const body = recordedBody(file, step);
    expect(parseApplyConflicts(body.message, [])).toEqual(parseApplyConflicts(body.message, body.details?.causes));
    expect(parseApplyConflicts(body.message, []).every((c) => c.manager !== '' && c.fields.length > 0)).toBe(true);
  });
});
