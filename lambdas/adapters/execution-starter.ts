// Starts reconcile-node executions (DESIGN §5, §11): idempotent by name. Throttling, retries and
// the start rate are the SDK client's (sfn-start-client.ts): this adds no retry layer.
// Step Functions answers a start under a used name in two ways:
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
  /** Retries and rate limiting are the client's (createStartExecutionClient): this class adds none. */
  client: Pick<SFNClient, 'send'>;
  stateMachineArn: string;
  /** Fresh names tried after closed failures of the same work (default 3). */
  maxRestarts?: number;
  /** The clock Step Functions' start dates are compared with (default Date.now). */
  serviceNowMs?: () => number;
}

/** A 200 whose start date is older than this (ms before the call) answered for an execution already running. */
const IDEMPOTENT_START_SLACK_MS = 5000;
const CLOSED_UNSUCCESSFULLY = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

export class ExecutionStartError extends Error {
  constructor(readonly executionName: string, readonly cause: unknown) {
    super(`StartExecution ${executionName} failed after ${attemptsOf(cause)} attempt(s): ${describe(cause)}`);
    this.name = 'Lynq.ExecutionStartError';
  }
}

export class SfnExecutionStarter implements ExecutionStarter {
  private readonly client: Pick<SFNClient, 'send'>;
  private readonly arn: string;
  private readonly serviceNowMs: () => number;
  private readonly maxRestarts: number;

  constructor(opts: SfnExecutionStarterOptions) {
    this.client = opts.client;
    this.arn = opts.stateMachineArn;
    this.serviceNowMs = opts.serviceNowMs ?? Date.now;
    this.maxRestarts = opts.maxRestarts ?? 3;
  }

  async start(name: string, input: ExecutionInput): Promise<StartResult> {
    let current = name;
    for (let restart = 0; ; restart++) {
      const answer = await this.startOnce(current, input);
      if (answer !== 'closed') return answer === 'started' && restart > 0 ? 'restarted' : answer;
      const status = await this.describe(current);
      if (!CLOSED_UNSUCCESSFULLY.has(status)) return 'already-exists'; // SUCCEEDED (or still RUNNING with another input)
      if (restart >= this.maxRestarts) {
        throw new ExecutionStartError(current, new Error(`execution ${current} ${status}, and so did ${restart} restart(s)`));
      }
      // Deterministic: two syncs racing here compute the same fresh name and start it once.
      current = restartExecutionName(current);
    }
  }

  /** One StartExecution: `closed` when the name belongs to a closed execution. */
  private async startOnce(name: string, input: ExecutionInput): Promise<'started' | 'already-exists' | 'closed'> {
    const sentAt = this.serviceNowMs();
    let answer: unknown;
    try {
      answer = await this.client.send(new StartExecutionCommand({ stateMachineArn: this.arn, name, input: JSON.stringify(input) }));
    } catch (err) {
      if (errorName(err) === 'ExecutionAlreadyExists') return 'closed';
      throw new ExecutionStartError(name, err);
    }
    // The idempotent 200 carries the running execution's original start date.
    const startDate = (answer as { startDate?: Date } | undefined)?.startDate;
    return startDate instanceof Date && startDate.getTime() < sentAt - IDEMPOTENT_START_SLACK_MS ? 'already-exists' : 'started';
  }

  private async describe(name: string): Promise<string> {
    const executionArn = `${this.arn.replace(':stateMachine:', ':execution:')}:${name}`;
    try {
      const answer = await this.client.send(new DescribeExecutionCommand({ executionArn }));
      return (answer as { status?: string } | undefined)?.status ?? 'UNKNOWN';
    } catch (err) {
      throw new ExecutionStartError(name, err);
    }
  }
}

function errorName(err: unknown): string {
  return (err as { name?: string } | undefined)?.name ?? '';
}

/** The SDK records how many attempts its retry strategy made. */
function attemptsOf(err: unknown): number {
  return (err as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts ?? 1;
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
