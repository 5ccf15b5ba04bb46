// Knobs of one sync run (DESIGN §5): mass-deletion guard, start rate and time budget. The variables, their
// rules and defaults are in sync-settings-schema.ts.
import type * as z from '../contracts/zod-api';
import { envSettingMessage, parseSettings } from '../config/setting-values';
import { SYNC_SETTINGS_ENV_SCHEMA } from './sync-settings-schema';

export type SyncSettings = z.output<typeof SYNC_SETTINGS_ENV_SCHEMA>;

export const DEFAULT_SYNC_SETTINGS: Readonly<SyncSettings> = Object.freeze(SYNC_SETTINGS_ENV_SCHEMA.parse({}));

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
  return parseSettings(SYNC_SETTINGS_ENV_SCHEMA, env, (problem) => new SyncSettingsError(envSettingMessage(problem)));
}
