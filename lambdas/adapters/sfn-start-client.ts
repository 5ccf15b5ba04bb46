// The Step Functions client the sync starts executions with (DESIGN §5, §11). It is the only retry
// layer for these calls: the SDK's adaptive retry mode (throttling and transient errors, jittered
// backoff, a retry quota) with a client-side rate limiter every attempt passes through, capped at
// the configured rate. The starter on top of it retries nothing.
import { SFNClient, type SFNClientConfig } from '@aws-sdk/client-sfn';
import { AdaptiveRetryStrategy, type RateLimiter } from '@smithy/util-retry';
import { CappedRateLimiter, TokenBucket } from './start-rate-limiter';

export interface StartClientOptions {
  /** Cap of calls per second, retries included (LYNQ_MAX_STARTS_PER_SECOND). */
  maxStartsPerSecond: number;
  /** Attempts per call, the first included (the SDK's default: 3). */
  maxAttempts?: number;
  /** Per attempt: a hung connection must not eat the sync's time budget (default 5 s). */
  requestTimeoutMs?: number;
  /** A loopback endpoint (tests, bench); unset: the region's Step Functions endpoint. */
  endpoint?: string;
  region?: string;
  credentials?: SFNClientConfig['credentials'];
  /** Replaces the capped limiter built from maxStartsPerSecond (tests observe every token taken). */
  rateLimiter?: RateLimiter;
}

export const DEFAULT_START_ATTEMPTS = 3;

export function createStartExecutionClient(options: StartClientOptions): SFNClient {
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_START_ATTEMPTS);
  const rateLimiter = options.rateLimiter ?? new CappedRateLimiter(new TokenBucket(options.maxStartsPerSecond));
  return new SFNClient({
    retryMode: 'adaptive',
    maxAttempts,
    // The adaptive strategy retryMode 'adaptive' builds, given the capped limiter.
    retryStrategy: new AdaptiveRetryStrategy(maxAttempts, { rateLimiter }),
    // A timed-out attempt is retried like any transient error: if it did start the execution, the
    // retry gets the idempotent 200 for it (same name, same input), never a second execution.
    requestHandler: { requestTimeout: options.requestTimeoutMs ?? 5000, throwOnRequestTimeout: true, connectionTimeout: 3000 },
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
    ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
  });
}
