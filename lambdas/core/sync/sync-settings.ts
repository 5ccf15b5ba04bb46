// Knobs of one sync run (DESIGN §5): mass-deletion guard, start rate and time budget.

export interface SyncSettings {
  /** A sync that would delete more than this share (%) of the recorded nodes deletes none. */
  maxDeletePercent: number;
  /** Deleting fewer than this many records is always allowed, whatever the share. */
  guardMinDeletions: number;
  /** Lifts the guard (set it for one deploy when a mass deletion is intended). */
  allowMassDeletion: boolean;
  /** StartExecution calls per second, retries included: well under the quota's refill (300/s, 150/s in smaller regions). */
  maxStartsPerSecond: number;
  /** StartExecution calls in flight at once: enough to hold the rate while some wait on a retry. */
  maxStartsInFlight: number;
  /** The sync stops starting when less than this remains of its invocation: in-flight calls end and metrics publish. */
  stopStartingSecondsBeforeTimeout: number;
}

export const DEFAULT_SYNC_SETTINGS: Readonly<SyncSettings> = Object.freeze({
  maxDeletePercent: 20,
  guardMinDeletions: 3,
  allowMassDeletion: false,
  // A 10k-node form change in about 85 s, in one round of the 300 s sync.
  maxStartsPerSecond: 120,
  maxStartsInFlight: 32,
  stopStartingSecondsBeforeTimeout: 30,
});

export class SyncSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Lynq.SyncSettingsError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads LYNQ_MAX_DELETE_PERCENT, LYNQ_GUARD_MIN_DELETIONS, LYNQ_ALLOW_MASS_DELETE, LYNQ_MAX_STARTS_PER_SECOND,
 * LYNQ_MAX_STARTS_IN_FLIGHT, LYNQ_STOP_STARTING_SECONDS_BEFORE_TIMEOUT.
 */
export function syncSettingsFromEnv(env: Env): SyncSettings {
  return {
    maxDeletePercent: numberVar(env, 'LYNQ_MAX_DELETE_PERCENT', DEFAULT_SYNC_SETTINGS.maxDeletePercent, { min: 0, max: 100 }),
    guardMinDeletions: numberVar(env, 'LYNQ_GUARD_MIN_DELETIONS', DEFAULT_SYNC_SETTINGS.guardMinDeletions, { min: 0, integer: true }),
    allowMassDeletion: booleanVar(env, 'LYNQ_ALLOW_MASS_DELETE', DEFAULT_SYNC_SETTINGS.allowMassDeletion),
    maxStartsPerSecond: numberVar(env, 'LYNQ_MAX_STARTS_PER_SECOND', DEFAULT_SYNC_SETTINGS.maxStartsPerSecond, { min: 0.001 }),
    maxStartsInFlight: numberVar(env, 'LYNQ_MAX_STARTS_IN_FLIGHT', DEFAULT_SYNC_SETTINGS.maxStartsInFlight, { min: 1, max: 1000, integer: true }),
    stopStartingSecondsBeforeTimeout: numberVar(env, 'LYNQ_STOP_STARTING_SECONDS_BEFORE_TIMEOUT', DEFAULT_SYNC_SETTINGS.stopStartingSecondsBeforeTimeout, { min: 0 }),
  };
}

function numberVar(env: Env, name: string, fallback: number, rule: { min: number; max?: number; integer?: boolean }): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  const range = rule.max === undefined ? `>= ${rule.min}` : `between ${rule.min} and ${rule.max}`;
  const what = rule.integer ? 'an integer' : 'a number';
  if (!Number.isFinite(value) || (rule.integer && !Number.isInteger(value)) || value < rule.min || (rule.max !== undefined && value > rule.max)) {
    throw new SyncSettingsError(`${name}=${JSON.stringify(raw)} is invalid: expected ${what} ${range}`);
  }
  return value;
}

function booleanVar(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes'].includes(v)) return true;
  if (['0', 'false', 'no'].includes(v)) return false;
  throw new SyncSettingsError(`${name}=${JSON.stringify(raw)} is invalid: expected true/false (or 1/0, yes/no)`);
}
