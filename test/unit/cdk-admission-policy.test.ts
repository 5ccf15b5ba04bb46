// manifests/admission-policy.yaml: the ValidatingAdmissionPolicy that keeps the task functions'
// Kubernetes group inside what lynq-sfn owns. The emulated API server does not run admission
// (CEL needs the API server's evaluator), so its effect is checked on a real cluster with the
// kubectl commands in docs/deploy.md; here its structure and expressions are pinned down.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiException } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { classifyKubeError, KubePermanentError } from '../../lambdas/adapters/kube-errors';
import { LYNQ_SYNC_KUBERNETES_GROUP, LYNQ_TASKS_KUBERNETES_GROUP } from '../../lib/rbac-rules';
import { LABEL_MANAGED_BY, LYNQNODE_GROUP, LYNQNODE_PLURAL, MANAGED_BY } from '../../lambdas/core/apply/tracking-labels';
import { PROJECT_ROOT } from './cdk-test-app';

type Json = Record<string, any>;
const file = path.join(PROJECT_ROOT, 'manifests', 'admission-policy.yaml');
const [policy, binding] = parseAllDocuments(fs.readFileSync(file, 'utf8')).map((doc) => doc.toJS() as Json);

it('is a GA ValidatingAdmissionPolicy with a Deny binding, failing closed', () => {
  expect(policy).toMatchObject({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', spec: { failurePolicy: 'Fail' } });
  expect(binding).toMatchObject({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    spec: { policyName: policy.metadata.name, validationActions: ['Deny'] },
  });
  // No paramRef / matchResources narrowing: the binding applies cluster-wide.
  expect(Object.keys(binding.spec).sort()).toEqual(['policyName', 'validationActions']);
});

it('applies to every write by the task group only, LynqNode records aside', () => {
  expect(policy.spec.matchConditions).toEqual([
    { name: 'lynq-sfn-task-functions', expression: `'${LYNQ_TASKS_KUBERNETES_GROUP}' in request.userInfo.groups` },
  ]);
  expect(JSON.stringify(policy.spec)).not.toContain(LYNQ_SYNC_KUBERNETES_GROUP);
  expect(policy.spec.matchConstraints.resourceRules).toEqual([
    { apiGroups: ['*'], apiVersions: ['*'], resources: ['*'], operations: ['CREATE', 'UPDATE', 'DELETE'] },
  ]);
  expect(policy.spec.matchConstraints.excludeResourceRules).toEqual([
    { apiGroups: [LYNQNODE_GROUP], apiVersions: ['*'], resources: [LYNQNODE_PLURAL, `${LYNQNODE_PLURAL}/status`], operations: ['*'] },
  ]);
});

describe('validations', () => {
  const validations = () => policy.spec.validations as Json[];
  const variables = () => Object.fromEntries((policy.spec.variables as Json[]).map((v) => [v.name, String(v.expression).replace(/\s+/g, ' ')]));
  const flat = (expression: string) => expression.replace(/\s+/g, ' ');

  it('each refuses with reason Forbidden and a message', () => {
    expect(validations()).toHaveLength(4);
    for (const v of validations()) {
      expect(v.reason).toBe('Forbidden');
      expect(v.message ?? v.messageExpression).toBeTruthy();
    }
  });

  it('refuses any write in kube-system, kube-public and kube-node-lease', () => {
    expect(variables().systemNamespaces).toBe("['kube-system', 'kube-public', 'kube-node-lease']");
    expect(flat(validations()[0].expression)).toBe('!(request.namespace in variables.systemNamespaces)');
  });

  it('refuses to change the system namespaces or default themselves', () => {
    expect(flat(validations()[1].expression)).toBe(
      "!(request.resource.group == '' && request.resource.resource == 'namespaces' && (request.name in variables.systemNamespaces || request.name == 'default'))",
    );
  });

  it('allows namespaced writes only in namespaces labelled as managed by lynq-sfn', () => {
    const label = `namespaceObject.metadata.labels['${LABEL_MANAGED_BY}'] == '${MANAGED_BY}'`;
    expect(flat(validations()[2].expression)).toBe(
      `request.namespace == '' || (namespaceObject != null && has(namespaceObject.metadata.labels) && '${LABEL_MANAGED_BY}' in namespaceObject.metadata.labels && ${label})`,
    );
  });

  it('never takes over an object lynq-sfn did not create: the label before and after the write', () => {
    expect(flat(validations()[3].expression)).toBe('variables.oldManaged && variables.newManaged');
    const labelled = (object: string) =>
      `(has(${object}.metadata.labels) && '${LABEL_MANAGED_BY}' in ${object}.metadata.labels && ${object}.metadata.labels['${LABEL_MANAGED_BY}'] == '${MANAGED_BY}')`;
    expect(variables().oldManaged).toBe(`request.operation == 'CREATE' || ${labelled('oldObject')}`);
    expect(variables().newManaged).toBe(`request.operation == 'DELETE' || ${labelled('object')}`);
  });
});

it('is documented, with the kubectl check for a real cluster', () => {
  const guide = fs.readFileSync(path.join(PROJECT_ROOT, 'docs', 'deploy.md'), 'utf8');
  expect(guide).toContain('kubectl apply -f manifests/admission-policy.yaml');
  expect(guide).toContain(`--as-group=${LYNQ_TASKS_KUBERNETES_GROUP}`);
  expect(guide).toContain('-n kube-system');
});

it('a write the policy refuses fails permanently with the policy\'s own message, not an RBAC hint', () => {
  // The body a real API server returns for a ValidatingAdmissionPolicy denial with reason Forbidden.
  const body = {
    kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403,
    message: "deployments.apps \"app\" is forbidden: ValidatingAdmissionPolicy 'lynq-sfn-tasks-scope' with binding 'lynq-sfn-tasks-scope' denied request: lynq-sfn task functions may not write in the system namespace kube-system",
    details: { name: 'app', group: 'apps', kind: 'deployments' },
  };
  const error = classifyKubeError(new ApiException(403, 'Forbidden', body, {}), { verb: 'patch', apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'kube-system', name: 'app', plural: 'deployments' });
  expect(error).toBeInstanceOf(KubePermanentError);
  expect(error.message).toBe('forbidden: cannot patch deployments.apps in namespace kube-system: admission policy: lynq-sfn task functions may not write in the system namespace kube-system');
});
