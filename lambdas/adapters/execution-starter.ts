// Starts reconcile-node executions (DESIGN §5): idempotent by name, rate-limited, retried on throttling.
import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { ExecutionInput } from '../core/workflow-contracts';

export type StartResult = 'started' | 'already-exists';

export interface ExecutionStarter {
  start(name: string, input: ExecutionInput): Promise<StartResult>;
}

export interface SfnExecutionStarterOptions {
  client: Pick<SFNClient, 'send'>;
  stateMachineArn: string;
  /** Token bucket rate; the bucket holds one second's worth (default 20). */
  maxStartsPerSecond?: number;
  /** Attempts per start for throttling and 5xx (default 5). */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt, full jitter (default 200 ms). */
  retryBaseMs?: number;
  /** Injected for tests: no real waiting, no timed assertions. */
  sleep?: (ms: number) => Promise<void>;
  nowMs?: () => number;
  random?: () => number;
}

export class ExecutionStartError extends Error {
  constructor(readonly executionName: string, readonly cause: unknown, attempts: number) {
    super(`StartExecution ${executionName} failed after ${attempts} attempt(s): ${describe(cause)}`);
    this.name = 'Lynq.ExecutionStartError';
  }
}

export class SfnExecutionStarter implements ExecutionStarter {
  private readonly client: Pick<SFNClient, 'send'>;
  private readonly arn: string;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly bucket: TokenBucket;

  constructor(opts: SfnExecutionStarterOptions) {
    this.client = opts.client;
    this.arn = opts.stateMachineArn;
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
    this.retryBaseMs = opts.retryBaseMs ?? 200;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = opts.random ?? Math.random;
    this.bucket = new TokenBucket(opts.maxStartsPerSecond ?? 20, opts.nowMs ?? Date.now, this.sleep);
  }

  async start(name: string, input: ExecutionInput): Promise<StartResult> {
    for (let attempt = 1; ; attempt++) {
      await this.bucket.take();
      try {
        await this.client.send(new StartExecutionCommand({ stateMachineArn: this.arn, name, input: JSON.stringify(input) }));
        return 'started';
      } catch (err) {
        if (errorName(err) === 'ExecutionAlreadyExists') return 'already-exists';
        if (!isRetryable(err) || attempt >= this.maxAttempts) throw new ExecutionStartError(name, err, attempt);
        // Full jitter: spreads a burst of throttled starts instead of retrying them in lockstep.
        await this.sleep(Math.floor(this.random() * this.retryBaseMs * 2 ** (attempt - 1)));
      }
    }
  }
}

/** Serialised token bucket: `take()` resolves when a start may go. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly ratePerSecond: number, private readonly nowMs: () => number, private readonly sleep: (ms: number) => Promise<void>) {
    if (!(ratePerSecond > 0)) throw new Error(`maxStartsPerSecond must be > 0, got ${ratePerSecond}`);
    this.tokens = Math.max(1, ratePerSecond);
    this.last = nowMs();
  }

  take(): Promise<void> {
    const turn = this.queue.then(() => this.takeNow());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async takeNow(): Promise<void> {
    for (;;) {
      const now = this.nowMs();
      this.tokens = Math.min(Math.max(1, this.ratePerSecond), this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000));
    }
  }
}

const RETRYABLE_NAMES = new Set(['ThrottlingException', 'TooManyRequestsException', 'TooManyRequests', 'ServiceUnavailable', 'InternalServerError', 'RequestTimeout', 'TimeoutError']);

function isRetryable(err: unknown): boolean {
  const e = err as { $metadata?: { httpStatusCode?: number }; $fault?: string; $retryable?: unknown };
  const status = e?.$metadata?.httpStatusCode;
  return RETRYABLE_NAMES.has(errorName(err)) || (status !== undefined && (status === 429 || status >= 500)) || e?.$fault === 'server';
}

function errorName(err: unknown): string {
  return (err as { name?: string })?.name ?? '';
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
