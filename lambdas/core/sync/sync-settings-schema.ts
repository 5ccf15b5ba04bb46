// The sync's environment (LYNQ_MAX_DELETE_PERCENT, ...) as a schema: one line per variable, with
// its rule and default; values are read by the one rule of core/config/setting-values.
import * as z from '../contracts/zod-api';
import { booleanSetting, numberSetting } from '../config/setting-values';

export const SYNC_SETTINGS_ENV_SCHEMA = z.object({
  LYNQ_MAX_DELETE_PERCENT: numberSetting({ min: 0, max: 100 }, 20),
  LYNQ_GUARD_MIN_DELETIONS: numberSetting({ min: 0, integer: true }, 3),
  LYNQ_ALLOW_MASS_DELETE: booleanSetting(false),
  // A 10k-node form change in about 85 s, in one round of the 300 s sync.
  LYNQ_MAX_STARTS_PER_SECOND: numberSetting({ min: 0.001 }, 120),
  LYNQ_MAX_STARTS_IN_FLIGHT: numberSetting({ min: 1, max: 1000, integer: true }, 32),
  LYNQ_STOP_STARTING_SECONDS_BEFORE_TIMEOUT: numberSetting({ min: 0 }, 30),
}).transform((env) => ({
  /** A sync that would delete more than this share (%) of the recorded nodes deletes none. */
  maxDeletePercent: env.LYNQ_MAX_DELETE_PERCENT,
  /** Deleting fewer than this many records is always allowed, whatever the share. */
  guardMinDeletions: env.LYNQ_GUARD_MIN_DELETIONS,
  /** Lifts the guard (set it for one deploy when a mass deletion is intended). */
  allowMassDeletion: env.LYNQ_ALLOW_MASS_DELETE,
  /** StartExecution calls per second, retries included: well under the quota's refill (300/s, 150/s in smaller regions). */
  maxStartsPerSecond: env.LYNQ_MAX_STARTS_PER_SECOND,
  /** StartExecution calls in flight at once: enough to hold the rate while some wait on a retry. */
  maxStartsInFlight: env.LYNQ_MAX_STARTS_IN_FLIGHT,
  /** The sync stops starting when less than this remains of its invocation: in-flight calls end and metrics publish. */
  stopStartingSecondsBeforeTimeout: env.LYNQ_STOP_STARTING_SECONDS_BEFORE_TIMEOUT,
}));
