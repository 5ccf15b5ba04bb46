// The sync's environment (LYNQ_MAX_DELETE_PERCENT, ...) as a schema: one line per variable, with
// its rule and default; values are read by the one rule of core/config/setting-values.
import { z } from 'zod';
import { booleanSetting, numberSetting } from '../config/setting-values';

export const SYNC_SETTINGS_ENV_SCHEMA = z.object({
  LYNQ_MAX_DELETE_PERCENT: numberSetting({ min: 0, max: 100 }, 20),
  LYNQ_GUARD_MIN_DELETIONS: numberSetting({ min: 0, integer: true }, 3),
  LYNQ_ALLOW_MASS_DELETE: booleanSetting(false),
  LYNQ_MAX_STARTS_PER_SECOND: numberSetting({ min: 0.001 }, 20),
}).transform((env) => ({
  /** A sync that would delete more than this share (%) of the recorded nodes deletes none. */
  maxDeletePercent: env.LYNQ_MAX_DELETE_PERCENT,
  /** Deleting fewer than this many records is always allowed, whatever the share. */
  guardMinDeletions: env.LYNQ_GUARD_MIN_DELETIONS,
  /** Lifts the guard (set it for one deploy when a mass deletion is intended). */
  allowMassDeletion: env.LYNQ_ALLOW_MASS_DELETE,
  /** StartExecution calls per second (token bucket). */
  maxStartsPerSecond: env.LYNQ_MAX_STARTS_PER_SECOND,
}));
