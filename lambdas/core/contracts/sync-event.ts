// The sync function's event: `{"hub": "<name>"}` from the hub's schedule. An empty or absent
// event syncs the only hub (a directory of one hub, as before hubs had their own schedules).
// Other keys are ignored: a test invocation from the console or an EventBridge event carries some.
import { PermanentError } from './workflow-errors';

export interface SyncEvent {
  hub?: string;
  /** `"drift"`: also run a drift detection round now, whatever LYNQ_DRIFT_INTERVAL_MINUTES says. */
  round?: 'drift';
}

export function parseSyncEvent(event: unknown): SyncEvent {
  if (event === undefined || event === null || event === '') return {};
  if (typeof event !== 'object' || Array.isArray(event)) {
    throw new PermanentError(`sync event: expected a JSON object such as {"hub": "<hub name>"}, got ${Array.isArray(event) ? 'an array' : typeof event}`);
  }
  const { hub, round } = event as Record<string, unknown>;
  const parsed: SyncEvent = {};
  if (round !== undefined && round !== null) {
    if (round !== 'drift') throw new PermanentError('sync event: field "round" must be "drift" (run a drift detection round now)');
    parsed.round = 'drift';
  }
  if (hub === undefined || hub === null) return parsed;
  if (typeof hub !== 'string' || hub === '') throw new PermanentError('sync event: field "hub" must be a non-empty string (the name of a LynqHub)');
  return { ...parsed, hub };
}
