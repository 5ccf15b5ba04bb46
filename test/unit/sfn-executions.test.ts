// The AWS-only paths of the operating commands, at the SDK edge: StartExecution with the manual
// input, DescribeExecution, following an execution, console links. Only the client is faked.
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import {
  describeExecution, executionArnOf, executionConsoleUrl, followExecution, parseStateMachineArn,
} from '../../lambdas/adapters/sfn-executions';
import { manualExecutionName } from '../../lambdas/core/sync/manual-execution-name';
import { manualInput, reprovisionOnStack } from '../../cli/reprovision-command';

const ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:reconcile-node';
const EXEC = 'arn:aws:states:eu-west-1:123456789012:execution:reconcile-node:acme-x';

/** The SFN client edge: scripted answers per command, every command recorded. */
function fakeSfn(describeStatuses: string[] = [], extra: Record<string, unknown> = {}) {
  const sent: unknown[] = [];
  return {
    sent,
    send: jest.fn(async (command: unknown) => {
      sent.push(command);
      if (command instanceof StartExecutionCommand) {
        return { executionArn: executionArnOf(command.input.stateMachineArn!, command.input.name!), startDate: new Date() };
      }
      if (command instanceof DescribeExecutionCommand) {
        const status = describeStatuses.shift();
        if (!status) throw Object.assign(new Error('Execution Does Not Exist'), { name: 'ExecutionDoesNotExist' });
        return { executionArn: command.input.executionArn, name: command.input.executionArn!.split(':').pop(), status, startDate: new Date('2026-11-29T09:00:00Z'), ...(status === 'RUNNING' ? {} : extra) };
      }
      throw new Error('unexpected command');
    }),
  };
}

describe('state machine and execution addresses', () => {
  it('derives the execution ARN from the state machine ARN and the name', () => {
    expect(executionArnOf(ARN, 'acme-x')).toBe(EXEC);
    expect(() => parseStateMachineArn('reconcile-node')).toThrow(/not a state machine ARN/);
  });

  it('links to the execution in the console of its region and partition', () => {
    expect(executionConsoleUrl(EXEC)).toBe(`https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${EXEC}`);
    expect(executionConsoleUrl(EXEC.replace('arn:aws:', 'arn:aws-cn:').replace('eu-west-1', 'cn-north-1'))).toMatch(/^https:\/\/cn-north-1\.console\.amazonaws\.cn\//);
  });

  it('manual execution names are valid Step Functions names, distinct per millisecond and never the sync\'s', () => {
    const name = manualExecutionName('acme-corp', 'database-provisioning', new Date('2026-11-29T09:30:00.123Z'));
    expect(name).toBe('manual-acme-corp-database-provisioning-20261129T093000123Z');
    const long = manualExecutionName('u'.repeat(63), 'f'.repeat(63), new Date('2026-11-29T09:30:00.123Z'));
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).toMatch(/^[A-Za-z0-9_-]+-20261129T093000123Z$/);
  });
});

describe('DescribeExecution', () => {
  it('returns status, error and cause; a missing execution is undefined, not an error', async () => {
    const sfn = fakeSfn(['FAILED'], { error: 'Lynq.NodeFailed', cause: 'rds-instance: quota' });
    expect(await describeExecution(sfn, EXEC)).toMatchObject({ name: 'acme-x', status: 'FAILED', error: 'Lynq.NodeFailed', cause: 'rds-instance: quota' });
    expect((sfn.sent[0] as DescribeExecutionCommand).input).toEqual({ executionArn: EXEC });
    expect(await describeExecution(sfn, EXEC)).toBeUndefined();
  });

  it('follows a running execution until it closes, sleeping between polls', async () => {
    const sfn = fakeSfn(['RUNNING', 'RUNNING', 'SUCCEEDED']);
    const sleeps: number[] = [];
    const seen: string[] = [];
    const final = await followExecution(sfn, EXEC, { intervalMs: 2000, sleep: async (ms) => { sleeps.push(ms); }, onStatus: (d) => seen.push(d.status) });
    expect(final.status).toBe('SUCCEEDED');
    expect(seen).toEqual(['RUNNING', 'RUNNING', 'SUCCEEDED']);
    expect(sleeps).toEqual([2000, 2000]);
  });
});

describe('reprovision on a deployed stack', () => {
  it('starts the execution with the documented manual input and prints the console link', async () => {
    const sfn = fakeSfn();
    const out: string[] = [];
    const code = await reprovisionOnStack(sfn, ARN, 'acme-corp', { form: 'database-provisioning', now: new Date('2026-11-29T09:30:00.000Z') }, (t) => out.push(t));
    expect(code).toBe(0);
    const start = (sfn.sent[0] as StartExecutionCommand).input;
    expect(start).toEqual({ stateMachineArn: ARN, name: 'manual-acme-corp-database-provisioning-20261129T093000000Z', input: '{"uid":"acme-corp","form":"database-provisioning"}' });
    expect(out.join('')).toContain(`console: https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${executionArnOf(ARN, start.name!)}`);
    expect(sfn.sent).toHaveLength(1); // without --wait, no polling
  });

  it('--allow-delete adds "allowDelete": true; without it the key is absent', () => {
    expect(manualInput('acme', { allowDelete: true })).toEqual({ uid: 'acme', allowDelete: true });
    expect(manualInput('acme', {}, 'only-form')).toEqual({ uid: 'acme', form: 'only-form' });
    expect(manualInput('acme', { form: 'f' }, 'only-form')).toEqual({ uid: 'acme', form: 'f' });
  });

  it('--wait follows the execution and exits 1 with its error when it fails', async () => {
    const sfn = fakeSfn(['RUNNING', 'FAILED'], { error: 'Lynq.NodeFailed', cause: 'rds-instance: not ready after 1800s' });
    const out: string[] = [];
    const code = await reprovisionOnStack(sfn, ARN, 'acme', { wait: true, allowDelete: true, sleep: async () => undefined }, (t) => out.push(t));
    expect(code).toBe(1);
    expect(JSON.parse((sfn.sent[0] as StartExecutionCommand).input.input!)).toEqual({ uid: 'acme', allowDelete: true });
    expect(sfn.sent.filter((c) => c instanceof DescribeExecutionCommand)).toHaveLength(2);
    expect(out.join('')).toMatch(/RUNNING\n.*FAILED\n.*: FAILED Lynq\.NodeFailed: rds-instance: not ready after 1800s\n$/s);
  });
});
