import { assessReadiness, CLOUD_POLL_MAX_SECONDS, pollSecondsFor } from '../../lambdas/core/readiness/readiness';
import type { KubeObject } from '../../lambdas/core/template/rendered-resource';
import { DEFAULT_TRANSIENT_ERROR_LIMITS, transientErrorLimitsFromEnv } from '../../lambdas/core/readiness/provider-errors';

const on = { waitForReady: true };

function obj(apiVersion: string, kind: string, name: string, namespace: string | undefined, rest: Partial<KubeObject> = {}, generation?: number): KubeObject {
  return { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}), ...(generation ? { generation } : {}) }, ...rest };
}

function deployment(status: Record<string, unknown>, replicas = 2, generation = 3): KubeObject {
  return obj('apps/v1', 'Deployment', 'acme-corp-app', 'node-acme-corp', { spec: { replicas }, status }, generation);
}

function rds(conditions: unknown[], dbInstanceStatus?: string): KubeObject {
  return obj('database.aws.crossplane.io/v1beta1', 'RDSInstance', 'acme-corp-postgres', undefined, {
    spec: { forProvider: {} },
    status: { conditions, ...(dbInstanceStatus ? { atProvider: { dbInstanceStatus } } : {}) },
  });
}

describe('assessReadiness: workloads', () => {
  it('a Deployment mid-rollout waits with a human message and a short wait', () => {
    const r = assessReadiness(deployment({ observedGeneration: 3, replicas: 2, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1 }), on);
    expect(r).toEqual({ state: 'waiting', message: 'Waiting for Deployment node-acme-corp/acme-corp-app: 1/2 replicas ready', waitSeconds: 5 });
  });

  it('a Deployment whose new pods are not all updated yet waits, naming the lagging count', () => {
    const r = assessReadiness(deployment({ observedGeneration: 3, replicas: 3, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2 }), on);
    expect(r.state).toBe('waiting');
    expect(r.message).toBe('Waiting for Deployment node-acme-corp/acme-corp-app: 2/2 replicas ready, 1/2 updated');
  });

  it('a Deployment with old replicas still terminating waits', () => {
    const r = assessReadiness(deployment({ observedGeneration: 3, replicas: 3, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 }), on);
    expect(r.state).toBe('waiting');
    expect(r.message).toMatch(/1 old replicas pending termination/);
  });

  it('a Deployment whose controller has not seen the latest generation waits even when counts match', () => {
    const r = assessReadiness(deployment({ observedGeneration: 2, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 }), on);
    expect(r.state).toBe('waiting');
    expect(r.message).toMatch(/generation 3/);
  });

  it('a Deployment with all counts equal and observedGeneration current is ready', () => {
    const r = assessReadiness(deployment({ observedGeneration: 3, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 }), on);
    expect(r).toEqual({ state: 'ready', message: 'Deployment node-acme-corp/acme-corp-app is ready: 2/2 replicas' });
  });

  it('replicas default to 1 and a Deployment scaled to 0 is ready (Lynq never readies it)', () => {
    const noReplicas = obj('apps/v1', 'Deployment', 'd', 'ns', { spec: {}, status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 } }, 1);
    expect(assessReadiness(noReplicas, on).state).toBe('ready');
    expect(assessReadiness(deployment({ observedGeneration: 3 }, 0), on).state).toBe('ready');
  });

  it('a Deployment past its progress deadline fails at once', () => {
    const r = assessReadiness(deployment({ observedGeneration: 3, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "x" has timed out progressing.' }] }), on);
    expect(r.state).toBe('failed');
    expect(r.message).toMatch(/progress deadline.*timed out/);
  });

  it('StatefulSet needs updated == ready == current == replicas', () => {
    const sts = (status: Record<string, unknown>) => obj('apps/v1', 'StatefulSet', 'db', 'ns', { spec: { replicas: 2 }, status: { observedGeneration: 1, ...status } }, 1);
    expect(assessReadiness(sts({ updatedReplicas: 2, readyReplicas: 2, currentReplicas: 1 }), on).state).toBe('waiting');
    expect(assessReadiness(sts({ updatedReplicas: 2, readyReplicas: 2, currentReplicas: 2 }), on).state).toBe('ready');
  });

  it('DaemonSet needs every scheduled pod current, updated, ready and available', () => {
    const ds = (numberAvailable: number) => obj('apps/v1', 'DaemonSet', 'agent', 'ns', { status: { observedGeneration: 1, desiredNumberScheduled: 3, currentNumberScheduled: 3, updatedNumberScheduled: 3, numberReady: 3, numberAvailable } }, 1);
    const waiting = assessReadiness(ds(2), on);
    expect(waiting.state).toBe('waiting');
    expect(waiting.message).toBe('Waiting for DaemonSet ns/agent: 3/3 pods ready, 2/3 available');
    expect(assessReadiness(ds(3), on).state).toBe('ready');
  });

  it('Job: Complete or succeeded is ready, Failed fails at once, running waits', () => {
    const job = (status: Record<string, unknown>) => obj('batch/v1', 'Job', 'migrate', 'ns', { status });
    expect(assessReadiness(job({ conditions: [{ type: 'Complete', status: 'True' }] }), on).state).toBe('ready');
    expect(assessReadiness(job({ succeeded: 1 }), on).state).toBe('ready');
    const failed = assessReadiness(job({ conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] }), on);
    expect(failed).toEqual({ state: 'failed', message: 'Job ns/migrate failed: Job has reached the specified backoff limit' });
    const running = assessReadiness(job({ active: 1 }), on);
    expect(running).toEqual({ state: 'waiting', message: 'Waiting for Job ns/migrate to complete: 1 active, 0 succeeded', waitSeconds: 10 });
  });
});

describe('assessReadiness: other built-in kinds', () => {
  it('Namespace needs phase Active', () => {
    expect(assessReadiness(obj('v1', 'Namespace', 'node-acme-corp', undefined, { status: { phase: 'Active' } }), on)).toEqual({ state: 'ready', message: 'Namespace node-acme-corp is Active' });
    const r = assessReadiness(obj('v1', 'Namespace', 'node-acme-corp', undefined, {}), on);
    expect(r.state).toBe('waiting');
    expect(r.state === 'waiting' && r.waitSeconds).toBeLessThanOrEqual(5);
  });

  it('PVC needs Bound; Lost fails', () => {
    const pvc = (phase: string) => obj('v1', 'PersistentVolumeClaim', 'data', 'ns', { status: { phase } });
    expect(assessReadiness(pvc('Bound'), on).state).toBe('ready');
    expect(assessReadiness(pvc('Pending'), on).message).toBe('Waiting for PersistentVolumeClaim ns/data: phase Pending');
    expect(assessReadiness(pvc('Lost'), on).state).toBe('failed');
  });

  it('Service is ready at once unless it is a LoadBalancer without an address', () => {
    expect(assessReadiness(obj('v1', 'Service', 's', 'ns', { spec: { type: 'ClusterIP' } }), on).state).toBe('ready');
    expect(assessReadiness(obj('v1', 'Service', 's', 'ns', { spec: { type: 'LoadBalancer' }, status: { loadBalancer: {} } }), on).state).toBe('waiting');
    expect(assessReadiness(obj('v1', 'Service', 's', 'ns', { spec: { type: 'LoadBalancer' }, status: { loadBalancer: { ingress: [{ hostname: 'x.elb' }] } } }), on).state).toBe('ready');
  });

  it('Ingress is ready with rules or a load balancer address', () => {
    expect(assessReadiness(obj('networking.k8s.io/v1', 'Ingress', 'i', 'ns', { spec: { rules: [{ host: 'a' }] } }), on).state).toBe('ready');
    expect(assessReadiness(obj('networking.k8s.io/v1', 'Ingress', 'i', 'ns', { spec: { defaultBackend: {} }, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } }), on).state).toBe('ready');
    expect(assessReadiness(obj('networking.k8s.io/v1', 'Ingress', 'i', 'ns', { spec: { defaultBackend: {} } }), on).state).toBe('waiting');
  });

  it('HPA needs AbleToScale=True', () => {
    const hpa = (status: string) => obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'h', 'ns', { status: { conditions: [{ type: 'AbleToScale', status, reason: 'FailedGetScale' }] } });
    expect(assessReadiness(hpa('True'), on).state).toBe('ready');
    expect(assessReadiness(hpa('False'), on).message).toBe('Waiting for HorizontalPodAutoscaler ns/h: FailedGetScale');
  });

  it('ConfigMap, Secret and friends are ready once they exist', () => {
    for (const kind of ['ConfigMap', 'Secret', 'ServiceAccount', 'CronJob', 'PodDisruptionBudget', 'NetworkPolicy']) {
      expect(assessReadiness(obj('v1', kind, 'x', 'ns'), on).state).toBe('ready');
    }
  });

  it('a missing object waits and names it when the caller says what it is', () => {
    const r = assessReadiness(undefined, { waitForReady: true, ref: { kind: 'ConfigMap', name: 'cfg', namespace: 'ns' } });
    expect(r.state).toBe('waiting');
    expect(r.message).toBe('ConfigMap ns/cfg not found yet');
  });

  it('waitForReady: false is ready as soon as the object exists, whatever its status', () => {
    const r = assessReadiness(deployment({ observedGeneration: 1 }), { waitForReady: false });
    expect(r.state).toBe('ready');
  });

  it('an object being deleted is not ready', () => {
    const cm = obj('v1', 'ConfigMap', 'x', 'ns');
    cm.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    expect(assessReadiness(cm, on).state).toBe('waiting');
  });
});

describe('assessReadiness: custom resources and Crossplane', () => {
  it('a custom resource without conditions is ready; with Ready it follows Ready', () => {
    expect(assessReadiness(obj('example.com/v1', 'Widget', 'w', 'ns', { spec: {} }), on).state).toBe('ready');
    const notReady = obj('example.com/v1', 'Widget', 'w', 'ns', { status: { conditions: [{ type: 'Ready', status: 'False', message: 'still warming up' }] } });
    expect(assessReadiness(notReady, on)).toEqual({ state: 'waiting', message: 'Waiting for Widget ns/w: still warming up', waitSeconds: 15 });
    const ready = obj('example.com/v1', 'Widget', 'w', 'ns', { status: { conditions: [{ type: 'Ready', status: 'True' }] } });
    expect(assessReadiness(ready, on).state).toBe('ready');
  });

  it('an RDS instance being created waits long, with the provider state in the message', () => {
    const r = assessReadiness(rds([{ type: 'Ready', status: 'False', reason: 'Creating' }, { type: 'Synced', status: 'True' }], 'creating'), on);
    expect(r).toEqual({ state: 'waiting', message: 'RDSInstance acme-corp-postgres is creating', waitSeconds: CLOUD_POLL_MAX_SECONDS, phase: { name: 'creating' } });
    expect(CLOUD_POLL_MAX_SECONDS).toBeLessThanOrEqual(55);
  });

  it('an RDS instance in a later state (backing-up) is checked more often', () => {
    const r = assessReadiness(rds([{ type: 'Ready', status: 'False' }, { type: 'Synced', status: 'True' }], 'backing-up'), on);
    expect(r.state).toBe('waiting');
    expect(r.message).toBe('RDSInstance acme-corp-postgres is backing-up');
    expect(r.state === 'waiting' && r.waitSeconds).toBeLessThan(CLOUD_POLL_MAX_SECONDS);
  });

  it('an available RDS instance is ready', () => {
    expect(assessReadiness(rds([{ type: 'Ready', status: 'True' }, { type: 'Synced', status: 'True' }], 'available'), on).state).toBe('ready');
  });

  it('Synced=False fails at once with the provider message', () => {
    const r = assessReadiness(rds([{ type: 'Synced', status: 'False', reason: 'ReconcileError', message: 'create failed: InvalidParameterValue: Invalid DB instance class' }]), on);
    expect(r).toEqual({ state: 'failed', message: 'RDSInstance acme-corp-postgres cannot be synced: create failed: InvalidParameterValue: Invalid DB instance class' });
  });

  it('LastAsyncOperation=False fails at once', () => {
    const r = assessReadiness(rds([{ type: 'Synced', status: 'True' }, { type: 'LastAsyncOperation', status: 'False', message: 'quota exceeded' }]), on);
    expect(r.state).toBe('failed');
    expect(r.message).toMatch(/quota exceeded/);
  });

  describe('a transient provider error (Synced=False) is waited out, within limits', () => {
    const throttled = (since: string) => rds([
      { type: 'Ready', status: 'False', reason: 'Creating' },
      { type: 'Synced', status: 'False', reason: 'ReconcileError', lastTransitionTime: since,
        message: 'observe failed: cannot describe DB instance: operation error RDS: DescribeDBInstances, https response error StatusCode: 400, api error Throttling: Rate exceeded' },
    ], 'creating');
    const limits = { maxChecks: 3, maxSeconds: 300 };
    const now = new Date('2026-01-01T00:02:00Z');

    it('waits, naming the provider error, and counts the checks', () => {
      const r = assessReadiness(throttled('2026-01-01T00:01:00Z'), { ...on, now, transientErrors: limits });
      expect(r).toMatchObject({ state: 'waiting', providerErrorChecks: 1 });
      expect(r.message).toContain('api error Throttling: Rate exceeded');
      const again = assessReadiness(throttled('2026-01-01T00:01:00Z'), { ...on, now, transientErrors: limits, providerErrorChecks: 1 });
      expect(again).toMatchObject({ state: 'waiting', providerErrorChecks: 2 });
    });

    it('fails once it persisted for maxChecks checks', () => {
      const r = assessReadiness(throttled('2026-01-01T00:01:00Z'), { ...on, now, transientErrors: limits, providerErrorChecks: 2 });
      expect(r.state).toBe('failed');
      expect(r.message).toContain('Rate exceeded');
      expect(r.message).toContain('persisted for 3 checks');
    });

    it('fails once it persisted for maxSeconds since the condition turned False', () => {
      const r = assessReadiness(throttled('2026-01-01T00:00:00Z'), { ...on, now: new Date('2026-01-01T00:05:00Z'), transientErrors: limits });
      expect(r.state).toBe('failed');
      expect(r.message).toContain('300s');
    });

    it('uses sensible defaults (10 checks or 10 minutes)', () => {
      expect(DEFAULT_TRANSIENT_ERROR_LIMITS).toEqual({ maxChecks: 10, maxSeconds: 600 });
      expect(assessReadiness(throttled('2026-01-01T00:00:00Z'), { ...on, now: new Date('2026-01-01T00:09:00Z'), providerErrorChecks: 8 }).state).toBe('waiting');
      expect(assessReadiness(throttled('2026-01-01T00:00:00Z'), { ...on, now: new Date('2026-01-01T00:10:00Z') }).state).toBe('failed');
    });

    it('reads the limits from the environment', () => {
      expect(transientErrorLimitsFromEnv({ LYNQ_PROVIDER_ERROR_MAX_CHECKS: '4', LYNQ_PROVIDER_ERROR_MAX_SECONDS: '900' })).toEqual({ maxChecks: 4, maxSeconds: 900 });
      expect(transientErrorLimitsFromEnv({})).toEqual(DEFAULT_TRANSIENT_ERROR_LIMITS);
      expect(() => transientErrorLimitsFromEnv({ LYNQ_PROVIDER_ERROR_MAX_CHECKS: '0' })).toThrow(/LYNQ_PROVIDER_ERROR_MAX_CHECKS/);
    });

    it.each([
      'create failed: cannot create DB instance: InvalidParameterCombination: db.t3.small does not support multiAZ',
      'create failed: operation error RDS: CreateDBInstance, api error AccessDenied: not authorized to perform rds:CreateDBInstance',
      'cannot resolve references: spec.forProvider.dbSubnetGroupNameRef: referenced field was empty',
    ])('a terminal error fails at once: %s', (message) => {
      const r = assessReadiness(rds([{ type: 'Synced', status: 'False', reason: 'ReconcileError', message }]), { ...on, now, transientErrors: limits });
      expect(r).toEqual({ state: 'failed', message: `RDSInstance acme-corp-postgres cannot be synced: ${message}` });
    });

    it.each([
      'observe failed: operation error RDS: DescribeDBInstances, exceeded maximum number of attempts, 3, https response error StatusCode: 503, api error ServiceUnavailable',
      'connect failed: context deadline exceeded',
    ])('other errors are transient: %s', (message) => {
      expect(assessReadiness(rds([{ type: 'Synced', status: 'False', message }]), { ...on, now }).state).toBe('waiting');
    });
  });

  it('a Crossplane resource not yet seen by its provider waits instead of counting as ready', () => {
    expect(assessReadiness(rds([]), on).state).toBe('waiting');
  });
});

describe('pollSecondsFor', () => {
  it('polls workloads quickly and cloud resources slowly, never beyond 55 s', () => {
    expect(pollSecondsFor('apps/v1', 'Deployment')).toBe(5);
    expect(pollSecondsFor('v1', 'Namespace')).toBeLessThanOrEqual(5);
    expect(pollSecondsFor('database.aws.crossplane.io/v1beta1', 'RDSInstance')).toBe(55);
    expect(pollSecondsFor('rds.aws.upbound.io/v1beta1', 'Instance')).toBe(55);
    expect(pollSecondsFor('example.com/v1', 'Widget')).toBeLessThan(55);
  });
});
