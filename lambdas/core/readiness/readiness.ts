// Readiness rules per kind (lynq-behaviour §5, DESIGN §7), pure: the caller reads the live
// object and owns the timeout. Where Lynq waits for a timeout on a state that can never
// recover (Job Failed, Deployment past its progress deadline, a terminal Crossplane provider error)
// we fail at once; a transient provider error is waited out within limits.
import type { KubeObject } from '../template/rendered-resource';
import { DEFAULT_TRANSIENT_ERROR_LIMITS, isTerminalProviderError, type TransientErrorLimits } from './provider-errors';

export type Readiness =
  | { state: 'ready'; message: string }
  | {
    state: 'waiting'; message: string; waitSeconds: number; phase?: CloudPhase;
    /** Consecutive checks, this one included, that saw a transient provider error (absent when none). */
    providerErrorChecks?: number;
  }
  | { state: 'failed'; message: string };

/** A cloud resource's provider phase (RDS `creating`, `backing-up`) and, when known, since when. */
export interface CloudPhase {
  name: string;
  /** lastTransitionTime of the Ready condition: the provider changes it when the phase changes. */
  since?: string;
}

export interface ReadinessOptions {
  waitForReady: boolean;
  /** Names the object in messages when it is not found. */
  ref?: { kind: string; name: string; namespace?: string };
  /** The check's time, for how long a transient provider error has lasted. */
  now?: Date;
  /** How long a transient provider error (Synced=False) is waited out. */
  transientErrors?: TransientErrorLimits;
  /** Consecutive earlier checks that saw a transient provider error (from the previous answer). */
  providerErrorChecks?: number;
}

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** Longest wait between checks: a database that becomes available is followed within a minute. */
export const CLOUD_POLL_MAX_SECONDS = 55;
const WORKLOAD_WAIT = 5;
const NAMESPACE_WAIT = 2;
const JOB_WAIT = 10;
const NETWORK_WAIT = 10;
const CUSTOM_WAIT = 15;
const CLOUD_SETTLING_WAIT = 20;

/** Crossplane managed resources (classic and Upbound providers) provision real cloud infrastructure. */
export function isCloudManaged(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return /(^|\.)(crossplane\.io|upbound\.io)$/.test(group);
}

/** How long to wait before checking an object of this kind again when it is not ready yet. */
export function pollSecondsFor(apiVersion: string, kind: string): number {
  if (isCloudManaged(apiVersion)) return CLOUD_POLL_MAX_SECONDS;
  switch (kind) {
    case 'Namespace':
      return NAMESPACE_WAIT;
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'PersistentVolumeClaim':
    case 'HorizontalPodAutoscaler':
      return WORKLOAD_WAIT;
    case 'Job':
      return JOB_WAIT;
    case 'Service':
    case 'Ingress':
      return NETWORK_WAIT;
    default:
      return CUSTOM_WAIT;
  }
}

export function assessReadiness(live: KubeObject | undefined, opts: ReadinessOptions): Readiness {
  if (!live) {
    const what = opts.ref ? describe(opts.ref.kind, opts.ref.name, opts.ref.namespace) : 'object';
    return { state: 'waiting', message: `${what} not found yet`, waitSeconds: opts.ref ? pollSecondsFor('', opts.ref.kind) : WORKLOAD_WAIT };
  }
  const what = describe(live.kind, live.metadata.name, live.metadata.namespace);
  if (!opts.waitForReady) return { state: 'ready', message: `${what} applied (waitForReady is off)` };
  if (live.metadata.deletionTimestamp) return waiting(live, `${what} is being deleted`);

  const rule = KIND_RULES[live.kind];
  if (rule && !isCloudManaged(live.apiVersion)) return rule(live, what);
  return providerErrorReadiness(live, what, opts) ?? conditionReadiness(live, what);
}

/**
 * Synced=False or LastAsyncOperation=False. A terminal provider error fails at once; any other is
 * retried by Crossplane itself, so it is waited out until it has lasted maxChecks checks or
 * maxSeconds since the condition turned False. Undefined when neither condition is False.
 */
function providerErrorReadiness(live: KubeObject, what: string, opts: ReadinessOptions): Readiness | undefined {
  const synced = condition(live, 'Synced');
  const lastOp = condition(live, 'LastAsyncOperation');
  const failing = synced?.status === 'False' ? { c: synced, label: 'cannot be synced', fallback: 'Synced=False' }
    : lastOp?.status === 'False' ? { c: lastOp, label: 'provider operation failed', fallback: 'LastAsyncOperation=False' }
      : undefined;
  if (!failing) return undefined;
  const text = conditionText(failing.c, failing.fallback);
  if (isTerminalProviderError(text)) return { state: 'failed', message: `${what} ${failing.label}: ${text}` };

  const limits = opts.transientErrors ?? DEFAULT_TRANSIENT_ERROR_LIMITS;
  const checks = (opts.providerErrorChecks ?? 0) + 1;
  const since = failing.c.lastTransitionTime ? Date.parse(failing.c.lastTransitionTime) : Number.NaN;
  const lastedSeconds = opts.now && !Number.isNaN(since) ? Math.max(0, Math.floor((opts.now.getTime() - since) / 1000)) : 0;
  if (checks >= limits.maxChecks || lastedSeconds >= limits.maxSeconds) {
    return {
      state: 'failed',
      message: `${what} ${failing.label}: ${text} (the provider error persisted for ${checks} checks and ${lastedSeconds}s; limits ${limits.maxChecks} checks or ${limits.maxSeconds}s)`,
    };
  }
  return {
    state: 'waiting',
    message: `Waiting for ${what}: the provider reported an error that Crossplane retries: ${text}`,
    waitSeconds: CLOUD_SETTLING_WAIT,
    providerErrorChecks: checks,
  };
}

type Rule = (live: KubeObject, what: string) => Readiness;

const ALWAYS_READY: Rule = (_live, what) => ({ state: 'ready', message: `${what} exists` });

const KIND_RULES: Record<string, Rule> = {
  ConfigMap: ALWAYS_READY,
  Secret: ALWAYS_READY,
  ServiceAccount: ALWAYS_READY,
  CronJob: ALWAYS_READY,
  PodDisruptionBudget: ALWAYS_READY,
  NetworkPolicy: ALWAYS_READY,
  Namespace: (live, what) => {
    const phase = str(status(live).phase);
    return phase === 'Active' ? ready(`${what} is Active`) : waiting(live, `Waiting for ${what}: phase ${phase ?? 'unknown'}`);
  },
  Service: (live, what) => {
    if (str(spec(live).type) !== 'LoadBalancer') return ready(`${what} exists`);
    return hasIngress(live) ? ready(`${what} has a load balancer address`) : waiting(live, `Waiting for ${what}: no load balancer address yet`);
  },
  Ingress: (live, what) => {
    if (hasIngress(live)) return ready(`${what} has a load balancer address`);
    const rules = spec(live).rules;
    return Array.isArray(rules) && rules.length > 0 ? ready(`${what} has rules`) : waiting(live, `Waiting for ${what}: no rules and no load balancer address`);
  },
  PersistentVolumeClaim: (live, what) => {
    const phase = str(status(live).phase);
    if (phase === 'Bound') return ready(`${what} is Bound`);
    if (phase === 'Lost') return { state: 'failed', message: `${what} is Lost: its volume no longer exists` };
    return waiting(live, `Waiting for ${what}: phase ${phase ?? 'Pending'}`);
  },
  HorizontalPodAutoscaler: (live, what) => {
    const able = condition(live, 'AbleToScale');
    return able?.status === 'True' ? ready(`${what} is able to scale`) : waiting(live, `Waiting for ${what}: ${conditionText(able, 'AbleToScale not reported yet')}`);
  },
  Job: (live, what) => {
    const failed = condition(live, 'Failed');
    if (failed?.status === 'True') return { state: 'failed', message: `${what} failed: ${conditionText(failed, 'Failed')}` };
    if (condition(live, 'Complete')?.status === 'True' || num(status(live).succeeded) > 0) return ready(`${what} completed`);
    return waiting(live, `Waiting for ${what} to complete: ${num(status(live).active)} active, ${num(status(live).succeeded)} succeeded`);
  },
  Deployment: (live, what) => {
    const progressing = condition(live, 'Progressing');
    if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') {
      return { state: 'failed', message: `${what} exceeded its progress deadline: ${conditionText(progressing, '')}` };
    }
    const s = status(live);
    return replicaReadiness(live, what, desiredReplicas(live), [
      ['updated', num(s.updatedReplicas)],
      ['ready', num(s.readyReplicas)],
      ['available', num(s.availableReplicas)],
    ], num(s.replicas));
  },
  StatefulSet: (live, what) => {
    const s = status(live);
    return replicaReadiness(live, what, desiredReplicas(live), [
      ['updated', num(s.updatedReplicas)],
      ['ready', num(s.readyReplicas)],
      ['current', num(s.currentReplicas)],
    ]);
  },
  DaemonSet: (live, what) => {
    const s = status(live);
    return replicaReadiness(live, what, num(s.desiredNumberScheduled), [
      ['updated', num(s.updatedNumberScheduled)],
      ['ready', num(s.numberReady)],
      ['available', num(s.numberAvailable)],
      ['current', num(s.currentNumberScheduled)],
    ]);
  },
};

/**
 * Counts must all equal the desired count, once the controller has seen the latest spec.
 * Zero desired is ready (Lynq never readies it, which blocks dependents for ever).
 */
function replicaReadiness(live: KubeObject, what: string, desired: number, counts: [string, number][], total?: number): Readiness {
  const generation = num(live.metadata.generation);
  const observed = num(status(live).observedGeneration);
  if (generation > 0 && observed < generation) return waiting(live, `Waiting for ${what}: the controller has not seen generation ${generation} yet`);
  const lagging = counts.find(([, count]) => count !== desired);
  if (lagging) {
    const readyCount = counts.find(([label]) => label === 'ready')?.[1] ?? 0;
    const unit = live.kind === 'DaemonSet' ? 'pods' : 'replicas';
    const detail = lagging[0] === 'ready' ? '' : `, ${lagging[1]}/${desired} ${lagging[0]}`;
    return waiting(live, `Waiting for ${what}: ${readyCount}/${desired} ${unit} ready${detail}`);
  }
  if (total !== undefined && total > desired) {
    return waiting(live, `Waiting for ${what}: ${total - desired} old replicas pending termination`);
  }
  return ready(`${what} is ready: ${desired}/${desired} ${live.kind === 'DaemonSet' ? 'pods' : 'replicas'}`);
}

/** CRDs and Crossplane (provider errors aside): the Ready condition decides. */
function conditionReadiness(live: KubeObject, what: string): Readiness {
  const conditions = status(live).conditions;
  const readyCondition = condition(live, 'Ready');
  if (!Array.isArray(conditions) || conditions.length === 0) {
    // A cloud resource without conditions has not been picked up by its provider yet; anything else is ready as it exists.
    if (isCloudManaged(live.apiVersion)) return waiting(live, `${what} is waiting for its provider`);
    return ready(`${what} exists`);
  }
  if (!readyCondition) return isCloudManaged(live.apiVersion) ? waiting(live, `${what} is waiting for its provider`) : ready(`${what} exists`);
  if (readyCondition.status === 'True') return ready(`${what} is ready`);

  const cloudState = str(obj(status(live).atProvider).dbInstanceStatus) ?? str(obj(status(live).atProvider).state);
  if (cloudState) {
    const wait = cloudState === 'creating' ? CLOUD_POLL_MAX_SECONDS : CLOUD_SETTLING_WAIT;
    const phase: CloudPhase = { name: cloudState };
    if (readyCondition.lastTransitionTime) phase.since = readyCondition.lastTransitionTime;
    return { state: 'waiting', message: `${shortName(live)} is ${cloudState}`, waitSeconds: wait, phase };
  }
  return waiting(live, `Waiting for ${what}: ${conditionText(readyCondition, 'Ready=False')}`);
}

function ready(message: string): Readiness {
  return { state: 'ready', message };
}

function waiting(live: KubeObject, message: string): Readiness {
  return { state: 'waiting', message, waitSeconds: pollSecondsFor(live.apiVersion, live.kind) };
}

function describe(kind: string, name: string, namespace?: string): string {
  return namespace ? `${kind} ${namespace}/${name}` : `${kind} ${name}`;
}

function shortName(live: KubeObject): string {
  return describe(live.kind, live.metadata.name, live.metadata.namespace);
}

function desiredReplicas(live: KubeObject): number {
  const replicas = spec(live).replicas;
  return typeof replicas === 'number' ? replicas : 1;
}

function hasIngress(live: KubeObject): boolean {
  const ingress = obj(status(live).loadBalancer).ingress;
  return Array.isArray(ingress) && ingress.length > 0;
}

function condition(live: KubeObject, type: string): Condition | undefined {
  const conditions = status(live).conditions;
  if (!Array.isArray(conditions)) return undefined;
  return conditions.find((c): c is Condition => typeof c === 'object' && c !== null && (c as Condition).type === type);
}

function conditionText(c: Condition | undefined, fallback: string): string {
  if (!c) return fallback;
  return c.message || c.reason || fallback || `${c.type}=${c.status}`;
}

function obj(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
function status(live: KubeObject): Record<string, unknown> {
  return obj(live.status);
}
function spec(live: KubeObject): Record<string, unknown> {
  return obj(live.spec);
}
function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}
function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
