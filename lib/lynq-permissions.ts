// Least privilege (issue #5): every statement names its resource; the only wildcards
// are the ones AWS requires (execution ARNs of this one state machine).
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { LYNQ_KUBERNETES_GROUP } from '../lambdas/core/rbac-rules';

/** The ARN to grant on: a secret imported by name has an unknown 6-character suffix. */
export function secretArnForPolicy(secret: secretsmanager.ISecret): string {
  return secret.secretFullArn ?? `${secret.secretArn}-??????`;
}

export function eksClusterArn(scope: Construct, clusterName: string): string {
  return Stack.of(scope).formatArn({ service: 'eks', resource: 'cluster', resourceName: clusterName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

/** `arn:aws:states:<region>:<account>:execution:<state machine name>:*` */
export function executionArnPattern(stateMachine: sfn.IStateMachine & { stateMachineName: string }): string {
  return Stack.of(stateMachine).formatArn({
    service: 'states',
    resource: 'execution',
    resourceName: `${stateMachine.stateMachineName}:*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

export interface LynqPermissionsProps {
  eksClusterName: string;
  mysqlSecret: secretsmanager.ISecret;
  stateMachine: sfn.StateMachine;
  syncRole: iam.Role;
  taskRole: iam.Role;
}

export class LynqPermissions extends Construct {
  readonly accessEntries: eks.CfnAccessEntry[];

  constructor(scope: Construct, id: string, props: LynqPermissionsProps) {
    super(scope, id);
    const clusterArn = eksClusterArn(this, props.eksClusterName);
    const secretArn = secretArnForPolicy(props.mysqlSecret);

    // Both roles talk to the cluster (the sync reads LynqNode records) and to MySQL.
    for (const role of [props.syncRole, props.taskRole]) {
      role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'DescribeCluster', actions: ['eks:DescribeCluster'], resources: [clusterArn] }));
      role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ReadMysqlPassword', actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] }));
    }
    props.syncRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'StartAndListExecutions',
        actions: ['states:StartExecution', 'states:ListExecutions'],
        resources: [props.stateMachine.stateMachineArn],
      }),
    );
    props.syncRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DescribeExecutions',
        actions: ['states:DescribeExecution'],
        resources: [executionArnPattern(props.stateMachine)],
      }),
    );

    // Kubernetes authorization: manifests/rbac.yaml binds the group to exactly what the forms need.
    this.accessEntries = [
      this.accessEntry('SyncAccessEntry', props.eksClusterName, props.syncRole),
      this.accessEntry('TaskAccessEntry', props.eksClusterName, props.taskRole),
    ];
  }

  private accessEntry(id: string, clusterName: string, role: iam.IRole): eks.CfnAccessEntry {
    return new eks.CfnAccessEntry(this, id, {
      clusterName,
      principalArn: role.roleArn,
      kubernetesGroups: [LYNQ_KUBERNETES_GROUP],
      type: 'STANDARD',
    });
  }
}
