// What every simulated controller works with: API clients built from a KubeConfig (so the
// simulators run against the emulator or any real cluster alike), the clock, and the pass count.
import { ApiException, CoreV1Api, CustomObjectsApi, type KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { Clock } from '../simulated-clock';

export interface SimulatorContext {
  core: CoreV1Api;
  custom: CustomObjectsApi;
  clock: Clock;
  /** Incremented once per reconcile pass; lets a simulator wait "at least one poll". */
  pass: number;
  /** Whether an object belongs to this run: simulators leave every other object of the cluster alone. */
  owns(obj: Json): boolean;
}

/** What a scope predicate sees of an object. */
export interface ObjectIdentity {
  name: string;
  namespace?: string;
  labels: Record<string, string>;
}

export function createContext(kc: KubeConfig, clock: Clock, scope?: (obj: ObjectIdentity) => boolean): SimulatorContext {
  const owns = (obj: Json) => !scope || scope({ name: obj.metadata?.name ?? '', namespace: obj.metadata?.namespace, labels: obj.metadata?.labels ?? {} });
  return { core: kc.makeApiClient(CoreV1Api), custom: kc.makeApiClient(CustomObjectsApi), clock, pass: 0, owns };
}

/** Request options that send a JSON merge patch (the generated clients default to JSON patch). */
export const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export function isApiStatus(error: unknown, ...codes: number[]): boolean {
  return error instanceof ApiException && codes.includes(error.code);
}

/** A simulated controller: one idempotent pass over the objects it looks after. */
export interface KindSimulator {
  readonly name: string;
  reconcile(ctx: SimulatorContext): Promise<void>;
}

/** Objects are handled as plain JSON: the simulators must work for any kind, CRDs included. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the simulators read any kind's fields; the cluster, not a type, says what is there
export type Json = Record<string, any>;

export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Runs `write`, ignoring what a real controller would retry on its next pass: objects deleted
 * (404) or changed (409) since they were listed, and namespaces being terminated (403).
 */
export async function tolerateRaces(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (e) {
    if (!isApiStatus(e, 403, 404, 409)) throw e;
  }
}
