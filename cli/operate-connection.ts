// How the operating commands (plan, status, reprovision) reach the hub table and the cluster:
// locally with --kubeconfig and --mysql-url (or the hub's database), or a deployed stack's EKS
// cluster with --eks-cluster and --region, the password from LYNQ_MYSQL_SECRET_ARN as the functions read it.
import type { Command } from 'commander';
import type { KubeConfig } from '@kubernetes/client-node';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { ProjectConfig } from '../lambdas/core/config/config-model';
import { kubeConfigForEks, kubeConfigFromFile } from '../lambdas/adapters/kube-connection';
import { LynqNodeStore } from '../lambdas/adapters/lynqnode-store';
import { connectionSettingsFromHub, type MysqlConnectionSettings } from '../lambdas/adapters/mysql-connection-settings';
import { resolveHubPassword } from '../lambdas/adapters/hub-password';
import { readHubRows } from '../lambdas/adapters/mysql-rows';
import { parseStateMachineArn } from '../lambdas/adapters/sfn-executions';
import { DEFAULT_RECORD_NAMESPACE } from '../lambdas/core/apply/tracking-labels';

export interface ClusterOptions {
  kubeconfig?: string;
  eksCluster?: string;
  region?: string;
  recordNamespace?: string;
}

export interface DatabaseOptions {
  mysqlUrl?: string;
}

export interface HubOptions {
  hub?: string;
}

export function addHubOption(command: Command): Command {
  return command.option('--hub <name>', 'the hub to act on (needed when the directory has several)');
}

export interface StackOptions {
  stateMachineArn?: string;
}

export function addClusterOptions(command: Command): Command {
  return command
    .option('--kubeconfig <path>', 'the cluster (default: $KUBECONFIG or ~/.kube/config)')
    .option('--eks-cluster <name>', 'a deployed stack\'s EKS cluster instead of a kubeconfig (with --region or AWS_REGION)')
    .option('--region <region>', 'AWS region of the EKS cluster and the state machine')
    .option('--record-namespace <ns>', `namespace of the LynqNode records (default: $LYNQ_RECORD_NAMESPACE or ${DEFAULT_RECORD_NAMESPACE})`);
}

/** The LynqNode record namespace: --record-namespace, else LYNQ_RECORD_NAMESPACE (as the deployed functions read it), else lynq-system. */
export function recordNamespaceOf(options: Pick<ClusterOptions, 'recordNamespace'>): string {
  return options.recordNamespace || process.env.LYNQ_RECORD_NAMESPACE || DEFAULT_RECORD_NAMESPACE;
}

export function addDatabaseOption(command: Command): Command {
  return command.option('--mysql-url <url>', 'overrides the hub\'s database (mysql://user:pass@host:port/db); the password otherwise comes from LYNQ_MYSQL_SECRET_ARN, LYNQ_MYSQL_PASSWORD or LYNQ_MYSQL_PASSWORD_FILE');
}

export function addStackOption(command: Command): Command {
  return command.option(
    '--state-machine-arn <arn>',
    'the deployed stack\'s reconcile-node state machine (default: $LYNQ_STATE_MACHINE_ARN); look it up with `aws stepfunctions list-state-machines`',
  );
}

export async function connectCluster(options: ClusterOptions): Promise<KubeConfig> {
  if (options.eksCluster) {
    const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (!region) throw new Error('--eks-cluster needs --region (or AWS_REGION)');
    return kubeConfigForEks({ clusterName: options.eksCluster, region });
  }
  const path = options.kubeconfig ?? process.env.KUBECONFIG ?? `${process.env.HOME}/.kube/config`;
  try {
    return kubeConfigFromFile(path);
  } catch (error) {
    throw new Error(`cannot read kubeconfig ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function recordStore(kube: KubeConfig, options: ClusterOptions): LynqNodeStore {
  return new LynqNodeStore(kube, recordNamespaceOf(options));
}

/** The hub's connection; its passwordRef is read from `kube` when no other password source is set. */
export async function databaseSettings(config: ProjectConfig, options: DatabaseOptions & ClusterOptions, kube?: KubeConfig): Promise<MysqlConnectionSettings> {
  const password = await resolveHubPassword(config.hub, { env: process.env, kube: kube ? () => kube : undefined, recordNamespace: recordNamespaceOf(options) });
  return connectionSettingsFromHub(config.hub, password, { url: options.mysqlUrl, host: process.env.LYNQ_MYSQL_HOST || undefined });
}

export function hubRowReader(config: ProjectConfig, mysql: MysqlConnectionSettings): () => Promise<Record<string, unknown>[]> {
  return () => readHubRows(config.hub, mysql);
}

/** The state machine of a deployed stack, or undefined for a local run. */
export function stateMachineArnOf(options: StackOptions): string | undefined {
  const arn = options.stateMachineArn ?? (process.env.LYNQ_STATE_MACHINE_ARN || undefined);
  if (arn) parseStateMachineArn(arn); // fails early with a clear message
  return arn;
}

/** The SFN client for the state machine's region (tests replace the client, never this function's callers). */
export function sfnClientFor(stateMachineArn: string): SFNClient {
  return new SFNClient({ region: parseStateMachineArn(stateMachineArn).region });
}
