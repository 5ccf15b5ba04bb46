// Public entry of the controller simulators (DESIGN §9): what a real cluster's controllers would
// do, as plain API clients polling through a KubeConfig, so they work on the emulator and on a
// real cluster alike.
import type { KubeConfig } from '@kubernetes/client-node';
import { jobSimulator } from './job-simulator';
import { loadBalancerSimulator } from './load-balancer-simulator';
import { rdsInstanceSimulator, type RdsPhase } from './rds-instance-simulator';
import { type KindSimulator, type ObjectIdentity, createContext } from './simulator-context';

export type { ObjectIdentity } from './simulator-context';
import { volumeClaimSimulator } from './volume-claim-simulator';
import { WORKLOAD_PROFILES, workloadSimulator } from './workload-simulator';
import { type Clock, systemClock } from '../simulated-clock';

export { installCrossplaneRdsCrd, RDS_CRD_NAME, RDS_GROUP, RDS_PLURAL, RDS_VERSION } from './crossplane-rds-crd';

export interface ControllerSimulatorOptions {
  /** Clock for RDS creation time (and status timestamps). Default: systemClock. */
  clock?: Clock;
  /** Seconds on `clock` an RDSInstance stays `creating`. Default 2. */
  rdsReadyAfterSeconds?: number;
  /** Phases an RDSInstance passes through before available (default: creating for rdsReadyAfterSeconds). */
  rdsPhases?: RdsPhase[];
  /** Real milliseconds a workload rollout stays in progress (at least one poll anyway). Default 0. */
  deploymentReadyAfterMs?: number;
  /** Real milliseconds between passes. Default 50. */
  pollMs?: number;
  /** No polling loop: passes run only when reconcileOnce() is called (step-by-step tests). */
  manual?: boolean;
  /**
   * Only objects this predicate accepts are acted on (namespace, name or labels of this run), so
   * that simulators of one test run never complete another run's objects on a shared cluster.
   * Default: every object.
   */
  scope?(obj: ObjectIdentity): boolean;
  /** Called with errors of a pass (the loop keeps going). Default: kept, see lastError(). */
  onError?(error: unknown): void;
}

export interface ControllerSimulators {
  stop(): Promise<void>;
  /** The named RDSInstance reports Synced=False (ReconcileError, `message`) and never becomes ready. */
  failRds(name: string, message: string): void;
  /** Undoes failRds: the instance goes on to become available. */
  recoverRds(name: string): void;
  /** One pass over every simulated kind (serialised with the polling loop). */
  reconcileOnce(): Promise<void>;
  lastError(): unknown;
}

export function startControllerSimulators(kc: KubeConfig, opts: ControllerSimulatorOptions = {}): ControllerSimulators {
  const ctx = createContext(kc, opts.clock ?? systemClock, opts.scope);
  const rds = rdsInstanceSimulator(opts.rdsReadyAfterSeconds ?? 2, opts.rdsPhases);
  const readyAfterMs = opts.deploymentReadyAfterMs ?? 0;
  const simulators: KindSimulator[] = [
    workloadSimulator(WORKLOAD_PROFILES.deployment, readyAfterMs),
    workloadSimulator(WORKLOAD_PROFILES.statefulSet, readyAfterMs),
    workloadSimulator(WORKLOAD_PROFILES.daemonSet, readyAfterMs),
    jobSimulator,
    volumeClaimSimulator,
    loadBalancerSimulator,
    rds,
  ];
  let lastError: unknown;
  let queue: Promise<void> = Promise.resolve();

  async function pass(): Promise<void> {
    ctx.pass++;
    const errors: unknown[] = [];
    for (const simulator of simulators) {
      try {
        await simulator.reconcile(ctx);
      } catch (e) {
        errors.push(new Error(`controller simulator "${simulator.name}": ${(e as Error).message ?? String(e)}`, { cause: e }));
      }
    }
    if (errors.length > 0) throw errors[0];
  }

  /** Passes never overlap: the loop and explicit reconcileOnce() calls share one queue. */
  function enqueue(): Promise<void> {
    const next = queue.then(pass);
    queue = next.catch(() => undefined);
    return next;
  }

  let stopped = opts.manual === true;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      try {
        await enqueue();
      } catch (e) {
        lastError = e;
        opts.onError?.(e);
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, opts.pollMs ?? 50);
      });
    }
  })();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
      await queue;
    },
    failRds: (name, message) => { rds.fail(name, message); },
    recoverRds: (name) => { rds.recover(name); },
    reconcileOnce: enqueue,
    lastError: () => lastError,
  };
}
