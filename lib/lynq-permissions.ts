// Least privilege per function (issues #5, #11): every statement names its resource; the only
// wildcards are the ones AWS requires (execution ARNs of this one state machine).
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { LYNQ_SYNC_KUBERNETES_GROUP, LYNQ_TASKS_KUBERNETES_GROUP } from './rbac-rules';
import { TASK_FUNCTION_NAMES, type TaskFunctionName } from './lynq-functions';

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
  /** Absent when every hub reads its password through passwordRef (lynq-sfn rbac grants that). */
  mysqlSecret?: secretsmanager.ISecret;
  stateMachine: sfn.StateMachine;
  syncRole: iam.Role;
  taskRoles: Record<TaskFunctionName, iam.Role>;
}

/** Task functions that read the hub table (and so the MySQL password): LoadNode alone. */
export const TASKS_READING_MYSQL: readonly TaskFunctionName[] = ['load-node'];

export class LynqPermissions extends Construct {
  readonly syncAccessEntry: eks.CfnAccessEntry;
  readonly taskAccessEntries: eks.CfnAccessEntry[];

  constructor(scope: Construct, id: string, props: LynqPermissionsProps) {
    super(scope, id);
    const clusterArn = eksClusterArn(this, props.eksClusterName);
    const taskRoles = TASK_FUNCTION_NAMES.map((name) => props.taskRoles[name]);

    // Every function talks to the cluster; DescribeCluster gives the endpoint and CA.
    for (const role of [props.syncRole, ...taskRoles]) {
      role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'DescribeCluster', actions: ['eks:DescribeCluster'], resources: [clusterArn] }));
    }
    if (props.mysqlSecret) {
      const secretArn = secretArnForPolicy(props.mysqlSecret);
      for (const role of [props.syncRole, ...TASKS_READING_MYSQL.map((name) => props.taskRoles[name])]) {
        role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ReadMysqlPassword', actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] }));
      }
    }
    props.syncRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'StartExecutions', actions: ['states:StartExecution'], resources: [props.stateMachine.stateMachineArn] }),
    );
    // The sync recovers nodes whose execution closed without recording a result: it describes that execution.
    props.syncRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DescribeExecutions',
        actions: ['states:DescribeExecution'],
        resources: [executionArnPattern(props.stateMachine)],
      }),
    );

    // Kubernetes authorization (manifests/rbac.yaml): the sync only reads LynqNodes and lists the forms' kinds; the task
    // functions write what the forms place, confined by manifests/admission-policy.yaml.
    this.syncAccessEntry = this.accessEntry('SyncAccessEntry', props.eksClusterName, props.syncRole, LYNQ_SYNC_KUBERNETES_GROUP);
    this.taskAccessEntries = TASK_FUNCTION_NAMES.map((name) =>
      this.accessEntry(`${props.taskRoles[name].node.id.replace(/Role$/, '')}AccessEntry`, props.eksClusterName, props.taskRoles[name], LYNQ_TASKS_KUBERNETES_GROUP),
    );
  }

  get accessEntries(): eks.CfnAccessEntry[] {
    return [this.syncAccessEntry, ...this.taskAccessEntries];
  }

  private accessEntry(id: string, clusterName: string, role: iam.IRole, group: string): eks.CfnAccessEntry {
    return new eks.CfnAccessEntry(this, id, {
      clusterName,
      principalArn: role.roleArn,
      kubernetesGroups: [group],
      type: 'STANDARD',
    });
  }
}
