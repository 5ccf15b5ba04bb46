// The sync function's event: `{"hub": "<name>"}` from the hub's schedule. An empty or absent
// event syncs the only hub (a directory of one hub, as before hubs had their own schedules).
// Other keys are ignored: a test invocation from the console or an EventBridge event carries some.
import { PermanentError } from './workflow-errors';

export interface SyncEvent {
  hub?: string;
}

export function parseSyncEvent(event: unknown): SyncEvent {
  if (event === undefined || event === null || event === '') return {};
  if (typeof event !== 'object' || Array.isArray(event)) {
    throw new PermanentError(`sync event: expected a JSON object such as {"hub": "<hub name>"}, got ${Array.isArray(event) ? 'an array' : typeof event}`);
  }
  const hub = (event as Record<string, unknown>).hub;
  if (hub === undefined || hub === null) return {};
  if (typeof hub !== 'string' || hub === '') throw new PermanentError('sync event: field "hub" must be a non-empty string (the name of a LynqHub)');
  return { hub };
}
