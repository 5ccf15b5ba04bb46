// A loopback HTTP endpoint that speaks the Step Functions JSON protocol (awsJson1_0) for the two
// calls the sync makes, and throttles StartExecution like its quota: a token bucket of 1,300
// (burst) refilled at 300 per second (Standard workflows, larger regions), answering
// `400 ThrottlingException` when empty. The real SFNClient points at it with an endpoint override
// (bench/fanout-bench.ts, the starter's SDK-edge tests). Name semantics as in AWS (DESIGN §11):
// - same name and same input while that execution runs: 200 with the original ARN and start date;
// - same name once it has closed, or with another input: ExecutionAlreadyExists.
// Executions stay RUNNING until close() is called: nothing runs behind them.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jsonText } from './kube-emulator/json-types';

export interface QuotaEndpointOptions {
  /** Bucket size (default 1300). */
  burst?: number;
  /** Tokens added per second (default 300). */
  refillPerSecond?: number;
  /** The service's clock: bucket refill and start dates (default Date.now). One that stands still never refills. */
  nowMs?: () => number;
  /** Throttles a StartExecution whatever the bucket holds (tests). `attempt` counts the calls for that name, from 1. */
  throttle?: (name: string, attempt: number) => boolean;
  /** Holds a StartExecution's answer this many ms after acting on it (tests: the client gives up on a call that started the execution). */
  answerDelayMs?: (name: string, attempt: number) => number;
  /** Called once per execution that really started (not for an idempotent or refused start). */
  onStarted?: (name: string, input: string) => void;
}

export type EndpointExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';

interface EndpointExecution {
  input: string;
  startDate: Date;
  status: EndpointExecutionStatus;
}

export class StepFunctionsQuotaEndpoint {
  /** Every execution that started, by name. */
  readonly executions = new Map<string, EndpointExecution>();
  /** Counters of what was answered. */
  readonly counts = { startCalls: 0, started: 0, idempotent: 0, alreadyExists: 0, throttled: 0, describeCalls: 0 };
  /** StartExecution calls per name (every attempt). */
  readonly callsByName = new Map<string, number>();
  private server?: Server;
  /** Answers being held (answerDelayMs): stop() releases them. */
  private readonly holds = new Set<() => void>();
  private tokens: number;
  private last: number;
  private readonly burst: number;
  private readonly refillPerSecond: number;
  private readonly nowMs: () => number;

  constructor(private readonly options: QuotaEndpointOptions = {}) {
    this.burst = options.burst ?? 1300;
    this.refillPerSecond = options.refillPerSecond ?? 300;
    this.nowMs = options.nowMs ?? Date.now;
    this.tokens = this.burst;
    this.last = this.nowMs();
  }

  /** Listens on 127.0.0.1 and returns the endpoint URL for SFNClient's `endpoint`. */
  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    // Keep-alive connections from the SDK's agent must not hold stop() open.
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const release of [...this.holds]) release();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  }

  /** What happens when an execution ends (tests): its name then answers ExecutionAlreadyExists. */
  close(name: string, status: Exclude<EndpointExecutionStatus, 'RUNNING'>): void {
    const execution = this.executions.get(name);
    if (!execution) throw new Error(`no execution ${name}`);
    execution.status = status;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const targetHeader = req.headers['x-amz-target'];
    const target = typeof targetHeader === 'string' ? targetHeader : '';
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      send(res, errorReply(400, 'SerializationException', 'the request body is not JSON')); return;
    }
    if (target === 'AWSStepFunctions.StartExecution') {
      const name = jsonText(body.name);
      const delay = this.options.answerDelayMs?.(name, (this.callsByName.get(name) ?? 0) + 1) ?? 0;
      const reply = this.startExecution(body);
      if (delay > 0) await this.hold(delay);
      send(res, reply); return;
    }
    if (target === 'AWSStepFunctions.DescribeExecution') { send(res, this.describeExecution(body)); return; }
    send(res, errorReply(400, 'UnknownOperationException', `${target} is not served here`));
  }

  private startExecution(body: Record<string, unknown>): Reply {
    const stateMachineArn = jsonText(body.stateMachineArn);
    const name = jsonText(body.name);
    const input = jsonText(body.input, '{}');
    this.counts.startCalls++;
    const attempt = (this.callsByName.get(name) ?? 0) + 1;
    this.callsByName.set(name, attempt);
    if (!this.takeToken() || this.options.throttle?.(name, attempt)) {
      this.counts.throttled++;
      return errorReply(400, 'ThrottlingException', 'Rate exceeded');
    }
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const existing = this.executions.get(name);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === input) {
        this.counts.idempotent++;
        return okReply({ executionArn, startDate: existing.startDate.getTime() / 1000 });
      }
      this.counts.alreadyExists++;
      return errorReply(400, 'ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const execution: EndpointExecution = { input, startDate: new Date(this.nowMs()), status: 'RUNNING' };
    this.executions.set(name, execution);
    this.counts.started++;
    this.options.onStarted?.(name, input);
    return okReply({ executionArn, startDate: execution.startDate.getTime() / 1000 });
  }

  private describeExecution(body: Record<string, unknown>): Reply {
    this.counts.describeCalls++;
    const executionArn = jsonText(body.executionArn);
    const name = executionArn.split(':').pop() ?? '';
    const execution = this.executions.get(name);
    if (!execution) return errorReply(400, 'ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    const stateMachineArn = executionArn.replace(':execution:', ':stateMachine:').split(':').slice(0, -1).join(':');
    return okReply({ executionArn, stateMachineArn, name, status: execution.status, startDate: execution.startDate.getTime() / 1000, input: execution.input });
  }

  private hold(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.holds.delete(release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      this.holds.add(release);
    });
  }

  private takeToken(): boolean {
    const now = this.nowMs();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.refillPerSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

interface Reply {
  status: number;
  errorType?: string;
  body: unknown;
}

function okReply(body: unknown): Reply {
  return { status: 200, body };
}

/** Error shape of awsJson1_0: `__type` names the error (the SDK reads the part after `#`). */
function errorReply(status: number, type: string, message: string): Reply {
  return { status, errorType: type, body: { __type: `com.amazonaws.swf.service.v2.model#${type}`, message } };
}

function send(res: ServerResponse, reply: Reply): void {
  // The client may have given up on the call (its request timeout) and closed the connection.
  if (res.destroyed) return;
  res.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.0', ...(reply.errorType ? { 'x-amzn-errortype': reply.errorType } : {}) });
  res.end(JSON.stringify(reply.body));
}
