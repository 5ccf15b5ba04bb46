// cdk-nag (AwsSolutions) acknowledgements. Each names the exact finding on the exact
// construct and says why it is acceptable; anything else fails synth.
import { type CfnElement, type Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { LynqSfn } from './lynq-sfn-construct';

const VPC_ACCESS_POLICY = 'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole';

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

function defaultPolicyOf(role: IConstruct): IConstruct {
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (!policy) throw new Error(`${role.node.path} has no DefaultPolicy to acknowledge findings on`);
  return policy;
}

export function addLynqNagSuppressions(stack: Stack, lynq: LynqSfn): void {
  const { syncRole, taskRole } = lynq.functions;
  for (const role of [syncRole, taskRole]) {
    acknowledge(
      role,
      `AwsSolutions-IAM4[${VPC_ACCESS_POLICY}]`,
      'Functions in a VPC need ec2:CreateNetworkInterface/DescribeNetworkInterfaces/DeleteNetworkInterface, which accept only Resource "*"; the AWS managed AWSLambdaVPCAccessExecutionRole grants exactly those plus writing the function logs.',
    );
    acknowledge(
      defaultPolicyOf(role),
      'AwsSolutions-IAM5[Resource::*]',
      'Only the statement CDK adds for active X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) uses "*": X-Ray has no resource-level permissions.',
    );
  }

  const stateMachine = lynq.reconcile.stateMachine;
  acknowledge(
    defaultPolicyOf(stateMachine.role),
    'AwsSolutions-IAM5[Resource::*]',
    'Only the CloudWatch Logs delivery actions (logs:CreateLogDelivery etc.) that Step Functions logging needs and the X-Ray tracing actions use "*": neither API supports resource-level permissions. Lambda invocation names the six task functions.',
  );

  const stateMachineLogicalId = stack.resolve(stack.getLogicalId(stateMachine.node.defaultChild as CfnElement)) as string;
  acknowledge(
    defaultPolicyOf(syncRole),
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:<${stateMachineLogicalId}.Name>:*]`,
    'states:DescribeExecution is granted on the executions of this one state machine; execution names are generated per node and hash, so they cannot be listed in advance.',
  );

  for (const fn of lynq.functions.all) {
    acknowledge(
      fn,
      'AwsSolutions-L1',
      'Node.js 22 is the runtime the project targets and tests (DESIGN: @kubernetes/client-node 1.x, bundles built for node22); moving to a newer runtime is a deliberate, tested upgrade.',
    );
  }
}
