// The stack's settings, read from cdk.json context (or `-c key=value`). Synth stays offline (no
// lookups), but it refuses a stack that could not work once deployed: the network is the user's
// (vpcId + subnetIds) unless a demo VPC is asked for explicitly. docs/deploy.md lists every key.
import { mysqlTlsFromEnv, type MysqlTls } from '../lambdas/adapters/mysql-connection-settings';
import * as path from 'node:path';

export interface StackSettings {
  /** CloudFormation stack name. */
  stackName: string;
  /** Directory holding hub.yaml and the forms (absolute). */
  configDir: string;
  eksClusterName: string;
  /** Secrets Manager secret holding the MySQL password: by name (the default) or by complete ARN. */
  mysqlSecretName?: string;
  mysqlSecretArn?: string;
  /** Overrides the hub's mysql.host (for example an RDS endpoint only known at deploy time). */
  mysqlHost?: string;
  /** TLS to MySQL (LYNQ_MYSQL_TLS); unset: rds for *.rds.amazonaws.com hosts, required otherwise. */
  mysqlTls?: MysqlTls;
  /** Existing VPC and the subnets the functions run in: required unless demoVpc. */
  vpcId?: string;
  subnetIds: string[];
  securityGroupIds: string[];
  /** Create a throwaway VPC (two AZs, one NAT gateway) instead of using the user's. */
  demoVpc: boolean;
  /** Minutes a node may stay failed before NodesFailedAlarm fires. */
  nodesFailedAlarmMinutes: number;
  /** SNS topic that receives alarm notifications. */
  alarmTopicArn?: string;
  recordNamespace: string;
  maxDeletePercent: number;
  /** Below this many deletions the guard never trips; unset keeps the sync's default. */
  guardMinDeletions?: number;
  allowMassDelete: boolean;
  /** Unset keeps the sync's defaults (LYNQ_MAX_STARTS_PER_SECOND, LYNQ_MAX_STARTS_IN_FLIGHT). */
  maxStartsPerSecond?: number;
  maxStartsInFlight?: number;
  syncMemoryMb: number;
  syncTimeoutSeconds: number;
  taskMemoryMb: number;
  taskTimeoutSeconds: number;
  logRetentionDays: number;
}

export const DEFAULT_STACK_SETTINGS = {
  stackName: 'LynqSfn',
  configDir: 'examples/database-per-node',
  eksClusterName: 'lynq-sfn',
  mysqlSecretName: 'lynq-sfn/mysql',
  recordNamespace: 'lynq-system',
  demoVpc: false,
  nodesFailedAlarmMinutes: 30,
  maxDeletePercent: 20,
  allowMassDelete: false,
  syncMemoryMb: 512,
  syncTimeoutSeconds: 300,
  taskMemoryMb: 512,
  taskTimeoutSeconds: 60,
  logRetentionDays: 30,
} as const;

export class StackSettingsError extends Error {
  constructor(key: string, problem: string) {
    super(`cdk context "${key}": ${problem}`);
    this.name = 'StackSettingsError';
  }
}

type ContextReader = (key: string) => unknown;

function optionalString(read: ContextReader, key: string): string | undefined {
  const value = read(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new StackSettingsError(key, `expected a string, got ${JSON.stringify(value)}`);
  return value.trim();
}

// `-c key=a,b` arrives as a string, cdk.json may hold a real list.
function stringList(read: ContextReader, key: string): string[] {
  const value = read(key);
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string') return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.map((item) => item.trim());
  throw new StackSettingsError(key, `expected a list of strings or a comma-separated string, got ${JSON.stringify(value)}`);
}

function integer(read: ContextReader, key: string, fallback: number, min: number, max: number): number {
  const value = read(key);
  if (value === undefined || value === null || value === '') return fallback;
  const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new StackSettingsError(key, `expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

function optionalInteger(read: ContextReader, key: string, min: number, max: number): number | undefined {
  const value = read(key);
  return value === undefined || value === null || value === '' ? undefined : integer(read, key, min, min, max);
}

function boolean(read: ContextReader, key: string, fallback: boolean): boolean {
  const value = read(key);
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new StackSettingsError(key, `expected true or false, got ${JSON.stringify(value)}`);
}

function mysqlTls(read: ContextReader): MysqlTls | undefined {
  const value = optionalString(read, 'mysqlTls');
  try {
    return value === undefined ? undefined : mysqlTlsFromEnv(value);
  } catch {
    throw new StackSettingsError('mysqlTls', `expected off, required or rds, got ${JSON.stringify(value)}`);
  }
}

// The values CloudWatch Logs accepts for a retention period.
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

function retentionDays(read: ContextReader, key: string, fallback: number): number {
  const days = integer(read, key, fallback, 1, 3653);
  if (!LOG_RETENTION_DAYS.includes(days)) {
    throw new StackSettingsError(key, `CloudWatch Logs accepts only ${LOG_RETENTION_DAYS.join(', ')} days, got ${days}`);
  }
  return days;
}

/** Reads and checks every setting; relative paths resolve against `baseDir` (the app's working directory). */
export function readStackSettings(read: ContextReader, baseDir: string = process.cwd()): StackSettings {
  const d = DEFAULT_STACK_SETTINGS;
  const mysqlSecretArn = optionalString(read, 'mysqlSecretArn');
  const vpcId = optionalString(read, 'vpcId');
  const subnetIds = stringList(read, 'subnetIds');
  const securityGroupIds = stringList(read, 'securityGroupIds');
  const demoVpc = boolean(read, 'demoVpc', d.demoVpc);
  if (demoVpc && (vpcId !== undefined || subnetIds.length > 0 || securityGroupIds.length > 0)) {
    throw new StackSettingsError('demoVpc', 'cannot be combined with vpcId, subnetIds or securityGroupIds');
  }
  if (!demoVpc && vpcId === undefined) {
    throw new StackSettingsError(
      'vpcId',
      'required: the VPC from which the functions reach your MySQL and the EKS API (with subnetIds). ' +
        'For a throwaway test only, -c demoVpc=true creates an isolated VPC with a NAT gateway instead.',
    );
  }
  if (vpcId !== undefined && subnetIds.length === 0) {
    throw new StackSettingsError('subnetIds', 'required when vpcId is set (the private subnets the functions run in)');
  }
  return {
    stackName: optionalString(read, 'stackName') ?? d.stackName,
    configDir: path.resolve(baseDir, optionalString(read, 'configDir') ?? d.configDir),
    eksClusterName: optionalString(read, 'eksClusterName') ?? d.eksClusterName,
    mysqlSecretArn,
    mysqlSecretName: mysqlSecretArn === undefined ? optionalString(read, 'mysqlSecretName') ?? d.mysqlSecretName : undefined,
    mysqlHost: optionalString(read, 'mysqlHost'),
    mysqlTls: mysqlTls(read),
    vpcId,
    subnetIds,
    securityGroupIds,
    demoVpc,
    nodesFailedAlarmMinutes: integer(read, 'nodesFailedAlarmMinutes', d.nodesFailedAlarmMinutes, 1, 1440),
    alarmTopicArn: optionalString(read, 'alarmTopicArn'),
    recordNamespace: optionalString(read, 'recordNamespace') ?? d.recordNamespace,
    maxDeletePercent: integer(read, 'maxDeletePercent', d.maxDeletePercent, 0, 100),
    guardMinDeletions: optionalInteger(read, 'guardMinDeletions', 0, 1_000_000),
    allowMassDelete: boolean(read, 'allowMassDelete', d.allowMassDelete),
    maxStartsPerSecond: optionalInteger(read, 'maxStartsPerSecond', 1, 10_000),
    maxStartsInFlight: optionalInteger(read, 'maxStartsInFlight', 1, 1000),
    syncMemoryMb: integer(read, 'syncMemoryMb', d.syncMemoryMb, 128, 10240),
    syncTimeoutSeconds: integer(read, 'syncTimeoutSeconds', d.syncTimeoutSeconds, 10, 900),
    taskMemoryMb: integer(read, 'taskMemoryMb', d.taskMemoryMb, 128, 10240),
    taskTimeoutSeconds: integer(read, 'taskTimeoutSeconds', d.taskTimeoutSeconds, 10, 900),
    logRetentionDays: retentionDays(read, 'logRetentionDays', d.logRetentionDays),
  };
}
