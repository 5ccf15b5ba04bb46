// Which provider errors a Crossplane managed resource reports (Synced=False, LastAsyncOperation=False)
// can never clear by themselves. Crossplane also sets Synced=False for throttling, timeouts and other
// passing trouble of the cloud API, and retries those itself: they are waited out, within limits.
import * as z from '../contracts/zod-api';
import { envSettingMessage, numberSetting, parseSettings } from '../config/setting-values';

/**
 * AWS error codes (and the like from other clouds) that mean the request itself is wrong or not
 * allowed: retrying the same spec fails the same way until someone changes the form or the account.
 */
const TERMINAL_CODES = [
  'InvalidParameterCombination',
  'InvalidParameterValue',
  'InvalidParameter',
  'MissingParameter',
  'ValidationError',
  'ValidationException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'OptInRequired',
  'StorageQuotaExceeded',
  'InstanceQuotaExceeded',
  'StorageTypeNotSupported',
  'DBSubnetGroupNotFoundFault',
  'DBParameterGroupNotFound',
  'DBSecurityGroupNotFound',
  'KMSKeyNotAccessibleFault',
  'InvalidVPCNetworkStateFault',
  'InvalidSubnet',
];

const TERMINAL = new RegExp(`\\b(${TERMINAL_CODES.join('|')})\\b`);
/** Crossplane's own words for a spec it cannot act on. */
const TERMINAL_CROSSPLANE = /cannot resolve references|spec\.forProvider\.\S+: (Required|Invalid)|is immutable|quota exceeded/i;

/** True when the provider's message names an error that retrying cannot fix. */
export function isTerminalProviderError(message: string): boolean {
  return TERMINAL.test(message) || TERMINAL_CROSSPLANE.test(message);
}

/** How long a transient provider error may persist before the resource counts as failed. */
export interface TransientErrorLimits {
  /** Consecutive readiness checks that saw the error. */
  maxChecks: number;
  /** Seconds since the condition turned False. */
  maxSeconds: number;
}

export const DEFAULT_TRANSIENT_ERROR_LIMITS: Readonly<TransientErrorLimits> = Object.freeze({ maxChecks: 10, maxSeconds: 600 });

type Env = Record<string, string | undefined>;

const TRANSIENT_ERROR_LIMITS_ENV_SCHEMA = z.object({
  LYNQ_PROVIDER_ERROR_MAX_CHECKS: numberSetting({ min: 1, integer: true }, DEFAULT_TRANSIENT_ERROR_LIMITS.maxChecks),
  LYNQ_PROVIDER_ERROR_MAX_SECONDS: numberSetting({ min: 1, integer: true }, DEFAULT_TRANSIENT_ERROR_LIMITS.maxSeconds),
});

/** LYNQ_PROVIDER_ERROR_MAX_CHECKS and LYNQ_PROVIDER_ERROR_MAX_SECONDS, with the defaults above (the one settings rule). */
export function transientErrorLimitsFromEnv(env: Env): TransientErrorLimits {
  const limits = parseSettings(TRANSIENT_ERROR_LIMITS_ENV_SCHEMA, env, (problem) => new Error(envSettingMessage(problem)));
  return { maxChecks: limits.LYNQ_PROVIDER_ERROR_MAX_CHECKS, maxSeconds: limits.LYNQ_PROVIDER_ERROR_MAX_SECONDS };
}
