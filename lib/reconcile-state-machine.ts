// The reconcile-node state machine, from statemachines/reconcile-node.asl.json.
// The file is the single source of truth (the e2e suite runs the same file); the
// only thing synth adds is the execution timeout, computed from the forms.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Annotations, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { FormConfig } from '../lambdas/core/config/config-model';
import { executionTimeoutForForms } from '../lambdas/core/config/execution-timeout';
import { executionBudgetViolations } from '../lambdas/core/config/execution-budget';
import { PROJECT_ROOT, TASK_FUNCTIONS, TASK_FUNCTION_NAMES, type TaskFunctionName } from './lynq-functions';

export const RECONCILE_NODE_ASL_FILE = path.join(PROJECT_ROOT, 'statemachines', 'reconcile-node.asl.json');

/**
 * The ASL file with the execution timeout set and, when given, every Task's TimeoutSeconds set
 * just above the task functions' own timeout; `${...}` placeholders are left for CloudFormation.
 */
export function reconcileDefinition(aslFile: string, timeoutSeconds: number, taskTimeoutSeconds?: number): string {
  const definition = JSON.parse(fs.readFileSync(aslFile, 'utf8')) as { States: Record<string, AslState> };
  if (taskTimeoutSeconds !== undefined) setTaskTimeouts(definition.States, taskTimeoutSeconds + TASK_TIMEOUT_MARGIN_SECONDS);
  return JSON.stringify({ ...definition, TimeoutSeconds: timeoutSeconds }, null, 2);
}

/** A Task waits this much longer than its function may run: the function's own timeout reports first. */
const TASK_TIMEOUT_MARGIN_SECONDS = 30;

interface AslState {
  Type: string;
  TimeoutSeconds?: number;
  ItemProcessor?: { States: Record<string, AslState> };
}

function setTaskTimeouts(states: Record<string, AslState>, seconds: number): void {
  for (const state of Object.values(states)) {
    if (state.Type === 'Task') state.TimeoutSeconds = seconds;
    if (state.ItemProcessor) setTaskTimeouts(state.ItemProcessor.States, seconds);
  }
}

/** Refuses forms whose worst-case execution would pass Step Functions' history or payload limits. */
export function assertExecutionBudget(forms: readonly FormConfig[]): void {
  const problems = executionBudgetViolations(forms);
  if (problems.length > 0) throw new Error(`lynq-sfn: ${problems.join('; ')}`);
}

export interface ReconcileStateMachineProps {
  forms: readonly FormConfig[];
  tasks: Record<TaskFunctionName, lambda.IFunction>;
  logRetention: logs.RetentionDays;
  /** Under /aws/vendedlogs/, unique per construct. */
  logGroupName: string;
  aslFile?: string;
  /** The task functions' timeout: Task states time out just after it. Default: the file's TimeoutSeconds. */
  taskTimeoutSeconds?: number;
}

export class ReconcileStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;
  readonly timeoutSeconds: number;

  constructor(scope: Construct, id: string, props: ReconcileStateMachineProps) {
    super(scope, id);
    assertExecutionBudget(props.forms);
    const timeout = executionTimeoutForForms(props.forms);
    if (timeout.capped) {
      Annotations.of(this).addWarningV2(
        'lynq-sfn:execution-timeout-capped',
        `form ${timeout.longestForm} may need ${timeout.neededSeconds} s, more than the ${timeout.seconds} s execution timeout; lower its resources' timeoutSeconds`,
      );
    }
    this.timeoutSeconds = timeout.seconds;

    // The /aws/vendedlogs/ prefix keeps log deliveries from growing the account's size-limited logs resource policy.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: props.logGroupName,
      retention: props.logRetention,
      // A fixed name: a retained group from a failed first deploy would block every later one.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const definitionSubstitutions: Record<string, string> = {};
    for (const name of TASK_FUNCTION_NAMES) definitionSubstitutions[TASK_FUNCTIONS[name]] = props.tasks[name].functionArn;

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(reconcileDefinition(props.aslFile ?? RECONCILE_NODE_ASL_FILE, timeout.seconds, props.taskTimeoutSeconds)),
      definitionSubstitutions,
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    // The ASL names the functions directly as Task resources: invoke exactly these, no versions or aliases.
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: TASK_FUNCTION_NAMES.map((name) => props.tasks[name].functionArn),
      }),
    );
  }
}
