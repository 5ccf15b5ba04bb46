import { ApiException, FetchError } from '@kubernetes/client-node';
import {
  classifyKubeError,
  KubeConflictError,
  KubeNotFoundError,
  KubePermanentError,
  KubeRetryableError,
  KubeStaleWriteError,
  type KubeTarget,
} from '../../lambdas/adapters/kube-errors';
import { ERROR_PERMANENT, ERROR_RETRYABLE } from '../../lambdas/core/contracts/workflow-contracts';

const patchDeployment: KubeTarget = { verb: 'patch', apiVersion: 'apps/v1', kind: 'Deployment', name: 'acme-corp-app', namespace: 'node-acme-corp', plural: 'deployments' };

function apiError(code: number, body: Record<string, unknown>): ApiException<unknown> {
  return new ApiException(code, 'Unsuccessful HTTP Request', body, { 'content-type': 'application/json' });
}

describe('classifyKubeError', () => {
  it.each([429, 500, 502, 503, 504])('HTTP %i is retryable', (code) => {
    const err = classifyKubeError(apiError(code, { kind: 'Status', code, reason: code === 429 ? 'TooManyRequests' : 'InternalError', message: 'etcd is busy' }), patchDeployment);
    expect(err).toBeInstanceOf(KubeRetryableError);
    expect(err.name).toBe(ERROR_RETRYABLE);
    expect(err.statusCode).toBe(code);
    expect(err.message).toContain('Deployment node-acme-corp/acme-corp-app');
  });

  it.each([
    'failed to create typed patch object (/acme-corp-app; apps/v1, Kind=Deployment): .spec.replicas: expected numeric (int or float), got string',
    "failed to convert new object to proper version: unable to convert unstructured object to apps/v1, Kind=Deployment: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  ])('a 500 for an applied manifest the server cannot decode is permanent: %s', (message) => {
    const err = classifyKubeError(apiError(500, { kind: 'Status', code: 500, message }), patchDeployment);
    expect(err).toBeInstanceOf(KubePermanentError);
    expect(err.message).toBe(`Kubernetes API rejected patch of Deployment node-acme-corp/acme-corp-app (500): ${message}`);
  });

  it('403 is permanent and tells which RBAC rule is missing', () => {
    const body = { kind: 'Status', code: 403, reason: 'Forbidden', message: 'deployments.apps "acme-corp-app" is forbidden: User "x" cannot patch resource', details: { name: 'acme-corp-app', group: 'apps', kind: 'deployments' } };
    const err = classifyKubeError(apiError(403, body), patchDeployment);
    expect(err).toBeInstanceOf(KubePermanentError);
    expect(err.name).toBe(ERROR_PERMANENT);
    expect(err.message).toBe('forbidden: cannot patch deployments.apps in namespace node-acme-corp (check the RBAC ClusterRole bound to the lynq-sfn group)');
  });

  it('403 on a cluster-scoped kind says cluster scope, from the target when the body has no details', () => {
    const err = classifyKubeError(apiError(403, { kind: 'Status', reason: 'Forbidden' }), { verb: 'create', apiVersion: 'v1', kind: 'Namespace', name: 'node-x', plural: 'namespaces' });
    expect(err.message).toBe('forbidden: cannot create namespaces at cluster scope (check the RBAC ClusterRole bound to the lynq-sfn group)');
  });

  it('409 from server-side apply is a conflict naming the other manager and the field', () => {
    const body = {
      kind: 'Status', code: 409, reason: 'Conflict',
      message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
      details: { causes: [{ type: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }] },
    };
    const err = classifyKubeError(apiError(409, body), patchDeployment);
    expect(err).toBeInstanceOf(KubeConflictError);
    expect(err.name).toBe(ERROR_PERMANENT);
    expect((err as KubeConflictError).managers).toEqual(['kubectl-client-side-apply']);
    expect((err as KubeConflictError).fields).toEqual(['.spec.replicas']);
    expect(err.message).toBe(
      'conflict applying Deployment node-acme-corp/acme-corp-app: .spec.replicas is owned by field manager "kubectl-client-side-apply" using apps/v1; set conflictPolicy: Force to take it over',
    );
  });

  it('409 for a stale resourceVersion is a retryable stale write', () => {
    const body = { kind: 'Status', code: 409, reason: 'Conflict', message: 'Operation cannot be fulfilled on lynqnodes.sfn.lynq.sh "a": the object has been modified; please apply your changes to the latest version and try again' };
    const err = classifyKubeError(apiError(409, body), { verb: 'update', kind: 'LynqNode', name: 'a', namespace: 'lynq-system' });
    expect(err).toBeInstanceOf(KubeStaleWriteError);
    expect(err.name).toBe(ERROR_RETRYABLE);
  });

  it('404 is a NotFound (permanent)', () => {
    const err = classifyKubeError(apiError(404, { kind: 'Status', reason: 'NotFound' }), { verb: 'get', kind: 'ConfigMap', name: 'c', namespace: 'ns' });
    expect(err).toBeInstanceOf(KubeNotFoundError);
    expect(err.message).toMatch(/^ConfigMap ns\/c not found/);
  });

  it('422 is permanent and carries the API server explanation', () => {
    const body = { kind: 'Status', code: 422, reason: 'Invalid', message: 'Deployment.apps "acme-corp-app" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0' };
    const err = classifyKubeError(apiError(422, body), patchDeployment);
    expect(err).toBeInstanceOf(KubePermanentError);
    expect(err.message).toContain('spec.replicas: Invalid value: -1');
  });

  it('never puts a Secret value into the message, only the field names', () => {
    const body = {
      kind: 'Status', code: 422, reason: 'Invalid',
      message: 'Secret "db" is invalid: data[pass word]: Invalid value: "hunter2-super-secret": a valid config key must consist of alphanumeric characters',
      details: { causes: [{ field: 'data[pass word]', message: 'Invalid value: "hunter2-super-secret"' }] },
    };
    const err = classifyKubeError(apiError(422, body), { verb: 'patch', apiVersion: 'v1', kind: 'Secret', name: 'db', namespace: 'ns' });
    expect(err.message).not.toContain('hunter2');
    expect(err.message).toContain('data[pass word]');
    expect(err.message).toContain('Secret ns/db');
    // the raw ApiException (whose message holds the body) is not kept as a cause
    expect(JSON.stringify({ ...err, stack: undefined })).not.toContain('hunter2');
  });

  it.each(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT'])('network error %s is retryable', (code) => {
    const fetchError = new FetchError(`request to https://k8s/apis failed, reason: connect ${code}`, 'system', { code } as unknown as { code: string; errno: string; syscall: string; message: string; name: string });
    const err = classifyKubeError(fetchError, patchDeployment);
    expect(err).toBeInstanceOf(KubeRetryableError);
    expect(err.message).toContain(code);
  });

  it('a request timeout (abort) is retryable', () => {
    const abort = Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
    expect(classifyKubeError(abort, patchDeployment)).toBeInstanceOf(KubeRetryableError);
  });

  it('an unexpected non-HTTP error is permanent and says what was being done', () => {
    const err = classifyKubeError(new TypeError('boom'), patchDeployment);
    expect(err).toBeInstanceOf(KubePermanentError);
    expect(err.message).toBe('failed to patch Deployment node-acme-corp/acme-corp-app: boom');
  });

  it('a KubeError passes through unchanged', () => {
    const original = classifyKubeError(apiError(500, {}), patchDeployment);
    expect(classifyKubeError(original, { verb: 'get' })).toBe(original);
  });
  it('a 403 NamespaceTerminating (content in a namespace being deleted) is retryable, not an RBAC problem', () => {
    // The body as a real kube-apiserver v1.28 answers it (kube-conformance/07-namespace-deletion.json).
    const body = {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403,
      message: 'configmaps "late" is forbidden: unable to create new content in namespace conf-nsdel because it is being terminated',
      details: { name: 'late', kind: 'configmaps', causes: [{ reason: 'NamespaceTerminating', message: 'namespace conf-nsdel is being terminated', field: 'metadata.namespace' }] },
    };
    const target: KubeTarget = { verb: 'create', apiVersion: 'v1', kind: 'ConfigMap', name: 'late', namespace: 'conf-nsdel', plural: 'configmaps' };
    const err = classifyKubeError(apiError(403, body), target);
    expect(err).toBeInstanceOf(KubeRetryableError);
    expect(err.reason).toBe('NamespaceTerminating');
    expect(err.message).toMatch(/namespace is being terminated/);
    expect(err.message).not.toMatch(/RBAC/);
  });
});
