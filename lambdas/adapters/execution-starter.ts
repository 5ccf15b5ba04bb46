// Starts reconcile-node executions (DESIGN §5, §11): idempotent by name, rate-limited, retried on
// throttling. Step Functions answers a start under a used name in two ways:
// - 200 with the original ARN (and start date) while that execution still runs with the same
//   input: nothing new started, reported as already-exists;
// - ExecutionAlreadyExists once it has closed (any status, for 90 days), or for another input.
// A closed execution that FAILED, TIMED_OUT or was ABORTED before it could record anything would
// block its node for as long as the name stays the same, so it is looked up (DescribeExecution)
// and the work is started again under a fresh name derived from the old one.
import { DescribeExecutionCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { ExecutionInput } from '../core/contracts/workflow-contracts';
import { restartExecutionName } from '../core/sync/execution-name';

/** started: a new execution runs. restarted: the name was taken by a failed one; a fresh name runs. already-exists: nothing to start. */
export type StartResult = 'started' | 'restarted' | 'already-exists';

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
  /** Fresh names tried after closed failures of the same work (default 3). */
  maxRestarts?: number;
  /** The clock Step Functions' start dates are compared with (default nowMs). */
  serviceNowMs?: () => number;
}

/** A 200 whose start date is older than this (ms before the call) answered for an execution already running. */
const IDEMPOTENT_START_SLACK_MS = 5000;
const CLOSED_UNSUCCESSFULLY = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

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
  private readonly serviceNowMs: () => number;
  private readonly maxRestarts: number;

  constructor(opts: SfnExecutionStarterOptions) {
    this.client = opts.client;
    this.arn = opts.stateMachineArn;
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
    this.retryBaseMs = opts.retryBaseMs ?? 200;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = opts.random ?? Math.random;
    const nowMs = opts.nowMs ?? Date.now;
    this.serviceNowMs = opts.serviceNowMs ?? nowMs;
    this.bucket = new TokenBucket(opts.maxStartsPerSecond ?? 20, nowMs, this.sleep);
    this.maxRestarts = opts.maxRestarts ?? 3;
  }

  async start(name: string, input: ExecutionInput): Promise<StartResult> {
    let current = name;
    for (let restart = 0; ; restart++) {
      const answer = await this.startOnce(current, input);
      if (answer !== 'closed') return answer === 'started' && restart > 0 ? 'restarted' : answer;
      const status = await this.retried(current, () => this.describe(current));
      if (!CLOSED_UNSUCCESSFULLY.has(status)) return 'already-exists'; // SUCCEEDED (or still RUNNING with another input)
      if (restart >= this.maxRestarts) {
        throw new ExecutionStartError(current, new Error(`execution ${current} ${status}, and so did ${restart} restart(s)`), 1);
      }
      // Deterministic: two syncs racing here compute the same fresh name and start it once.
      current = restartExecutionName(current);
    }
  }

  /** One StartExecution (retried on throttling): `closed` when the name belongs to a closed execution. */
  private async startOnce(name: string, input: ExecutionInput): Promise<'started' | 'already-exists' | 'closed'> {
    try {
      return await this.retried(name, async () => {
        const sentAt = this.serviceNowMs();
        const answer = await this.client.send(new StartExecutionCommand({ stateMachineArn: this.arn, name, input: JSON.stringify(input) }));
        // The idempotent 200 carries the running execution's original start date.
        const startDate = (answer as { startDate?: Date } | undefined)?.startDate;
        return startDate instanceof Date && startDate.getTime() < sentAt - IDEMPOTENT_START_SLACK_MS ? 'already-exists' : 'started';
      });
    } catch (err) {
      if (err instanceof ExecutionStartError && errorName(err.cause) === 'ExecutionAlreadyExists') return 'closed';
      throw err;
    }
  }

  private async describe(name: string): Promise<string> {
    const executionArn = `${this.arn.replace(':stateMachine:', ':execution:')}:${name}`;
    const answer = await this.client.send(new DescribeExecutionCommand({ executionArn }));
    return String((answer as { status?: string } | undefined)?.status ?? 'UNKNOWN');
  }

  private async retried<T>(name: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.bucket.take();
      try {
        return await call();
      } catch (err) {
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
