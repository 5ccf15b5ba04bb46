// Knobs of drift correction (issue #13): how often the sync runs a detection round, and how many
// repair executions may run at once.
import { SyncSettingsError } from './sync-settings';

export interface DriftSettings {
  /** A detection round runs on the first sync of every such period; 0 turns drift correction off. */
  intervalMinutes: number;
  /** Repair executions running at once, at most; the rest wait for a later round. */
  maxConcurrentRepairs: number;
}

export const DEFAULT_DRIFT_SETTINGS: Readonly<DriftSettings> = Object.freeze({ intervalMinutes: 10, maxConcurrentRepairs: 10 });

type Env = Record<string, string | undefined>;

/** Reads LYNQ_DRIFT_INTERVAL_MINUTES and LYNQ_DRIFT_MAX_CONCURRENT_REPAIRS. */
export function driftSettingsFromEnv(env: Env): DriftSettings {
  return {
    intervalMinutes: wholeNumber(env, 'LYNQ_DRIFT_INTERVAL_MINUTES', DEFAULT_DRIFT_SETTINGS.intervalMinutes, 0),
    maxConcurrentRepairs: wholeNumber(env, 'LYNQ_DRIFT_MAX_CONCURRENT_REPAIRS', DEFAULT_DRIFT_SETTINGS.maxConcurrentRepairs, 1),
  };
}

function wholeNumber(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!Number.isInteger(value) || value < min) throw new SyncSettingsError(`${name}=${JSON.stringify(raw)} is invalid: expected an integer >= ${min}`);
  return value;
}

/**
 * Whether the sync at `now` runs the detection round: the first sync of each interval (the previous
 * sync, `syncIntervalSeconds` earlier, fell in the interval before). Stateless, so a sync that is
 * late by more than its interval can skip one round; the next interval catches it.
 */
export function driftRoundDue(now: Date, settings: DriftSettings, syncIntervalSeconds: number): boolean {
  if (settings.intervalMinutes <= 0) return false;
  const period = settings.intervalMinutes * 60_000;
  const previous = now.getTime() - Math.max(1, syncIntervalSeconds) * 1000;
  return Math.floor(now.getTime() / period) !== Math.floor(previous / period);
}
