// cdk-nag (AwsSolutions) acknowledgements. Each names the exact finding on the exact
// construct and says why it is acceptable; anything else fails synth.
import { type CfnElement, type Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { LynqSfn } from './lynq-sfn-construct';

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

function defaultPolicyOf(role: IConstruct): IConstruct {
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (!policy) throw new Error(`${role.node.path} has no DefaultPolicy to acknowledge findings on`);
  return policy;
}

export function addLynqNagSuppressions(stack: Stack, lynq: LynqSfn): void {
  const { syncRole } = lynq.functions;
  for (const role of lynq.functions.roles) {
    acknowledge(
      defaultPolicyOf(role),
      'AwsSolutions-IAM5[Resource::*]',
      'Only two statements use "*", because their APIs have no resource-level permissions: the network-interface actions a function in a VPC needs ' +
        '(ec2:CreateNetworkInterface, DescribeNetworkInterfaces, DescribeSubnets, DeleteNetworkInterface, Assign/UnassignPrivateIpAddresses) and the X-Ray tracing actions CDK adds. Logs are written to the function\'s own log group only.',
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
