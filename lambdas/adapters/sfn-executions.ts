// The Step Functions calls the operating commands make on a deployed stack: StartExecution with
// the documented manual input, DescribeExecution, and the console link of an execution.
import { DescribeExecutionCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';

export type SfnClientEdge = Pick<SFNClient, 'send'>;

/** The manual input (DESIGN §6): deletes only with allowDelete. */
export interface ManualExecutionInput {
  uid: string;
  form?: string;
  allowDelete?: true;
}

export interface ExecutionDescription {
  executionArn: string;
  name: string;
  /** RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE, or what a newer API adds. */
  status: string;
  startDate?: Date;
  stopDate?: Date;
  /** Error name and cause of a failed execution (the Fail state's, or the runtime's). */
  error?: string;
  cause?: string;
}

interface StateMachineArnParts {
  partition: string;
  region: string;
  account: string;
  name: string;
}

export function parseStateMachineArn(arn: string): StateMachineArnParts {
  const match = /^arn:(aws[\w-]*):states:([a-z0-9-]+):(\d{12}):stateMachine:([A-Za-z0-9_-]+)$/.exec(arn);
  if (!match) throw new Error(`not a state machine ARN: ${JSON.stringify(arn)} (expected arn:aws:states:<region>:<account>:stateMachine:<name>)`);
  const [, partition = '', region = '', account = '', name = ''] = match;
  return { partition, region, account, name };
}

/** Executions of a state machine are addressed by name: no call needed to know the ARN. */
export function executionArnOf(stateMachineArn: string, executionName: string): string {
  const p = parseStateMachineArn(stateMachineArn);
  return `arn:${p.partition}:states:${p.region}:${p.account}:execution:${p.name}:${executionName}`;
}

export function executionConsoleUrl(executionArn: string): string {
  const match = /^arn:(aws[\w-]*):states:([a-z0-9-]+):/.exec(executionArn);
  if (!match) throw new Error(`not an execution ARN: ${JSON.stringify(executionArn)}`);
  const [, partition, region] = match;
  const host = partition === 'aws-cn' ? 'console.amazonaws.cn' : partition === 'aws-us-gov' ? 'console.amazonaws-us-gov.com' : 'console.aws.amazon.com';
  return `https://${region}.${host}/states/home?region=${region}#/v2/executions/details/${executionArn}`;
}

export async function startManualExecution(client: SfnClientEdge, stateMachineArn: string, name: string, input: ManualExecutionInput): Promise<string> {
  const answer = await client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
  if (!answer.executionArn) throw new Error(`StartExecution ${name} returned no executionArn`);
  return answer.executionArn;
}

/** undefined when the execution does not exist (never started, or older than 90 days). */
export async function describeExecution(client: SfnClientEdge, executionArn: string): Promise<ExecutionDescription | undefined> {
  try {
    const answer = await client.send(new DescribeExecutionCommand({ executionArn }));
    const description: ExecutionDescription = { executionArn, name: answer.name ?? executionArn.slice(executionArn.lastIndexOf(':') + 1), status: answer.status ?? 'UNKNOWN' };
    if (answer.startDate) description.startDate = answer.startDate;
    if (answer.stopDate) description.stopDate = answer.stopDate;
    if (answer.error) description.error = answer.error;
    if (answer.cause) description.cause = answer.cause;
    return description;
  } catch (error) {
    if ((error as { name?: string }).name === 'ExecutionDoesNotExist') return undefined;
    throw error;
  }
}

export interface FollowOptions {
  intervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Called on every status seen, first poll included. */
  onStatus?: (description: ExecutionDescription) => void;
}

/** Polls DescribeExecution until the execution is no longer RUNNING; returns its final description. */
export async function followExecution(client: SfnClientEdge, executionArn: string, options: FollowOptions = {}): Promise<ExecutionDescription> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (;;) {
    const description = await describeExecution(client, executionArn);
    if (!description) throw new Error(`execution ${executionArn} does not exist`);
    options.onStatus?.(description);
    if (description.status !== 'RUNNING') return description;
    await sleep(options.intervalMs ?? 5000);
  }
}
