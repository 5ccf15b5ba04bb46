// The stack's cdk.json context keys as a schema: one line per key, with its rule and default.
// Values are read by the same rule as the functions' environment (lambdas/core/config/setting-values).
// Checks across keys (the network) are in stack-settings.ts; docs/deploy.md lists every key.
import * as z from '../lambdas/core/contracts/zod-api';
import {
  booleanSetting, numberSetting, optionalEnumSetting, optionalNumberSetting, optionalStringSetting, stringListSetting,
} from '../lambdas/core/config/setting-values';
import { MYSQL_TLS_MODES } from '../lambdas/adapters/mysql-connection-settings';

// The values CloudWatch Logs accepts for a retention period.
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** The MySQL password secret's name when neither mysqlSecretName nor mysqlSecretArn is given. */
export const DEFAULT_MYSQL_SECRET_NAME = 'lynq-sfn/mysql';

const stringWithDefault = (fallback: string) => optionalStringSetting().transform((value) => value ?? fallback);

export const STACK_CONTEXT_SCHEMA = z.object({
  /** CloudFormation stack name. */
  stackName: stringWithDefault('LynqSfn'),
  /** Directory holding hub.yaml and the forms (made absolute by readStackSettings). */
  configDir: stringWithDefault('examples/database-per-node'),
  eksClusterName: stringWithDefault('lynq-sfn'),
  /** Secrets Manager secret holding the MySQL password: by name (the default) or by complete ARN. */
  mysqlSecretName: optionalStringSetting(),
  mysqlSecretArn: optionalStringSetting(),
  /** Overrides the hub's mysql.host (for example an RDS endpoint only known at deploy time). */
  mysqlHost: optionalStringSetting(),
  /** TLS to MySQL (LYNQ_MYSQL_TLS); unset: rds for *.rds.amazonaws.com hosts, required otherwise. */
  mysqlTls: optionalEnumSetting(MYSQL_TLS_MODES),
  /** PEM file of the CAs that verify MySQL instead, e.g. a private CA (made absolute by readStackSettings). */
  mysqlCaFile: optionalStringSetting(),
  /** Existing VPC and the subnets the functions run in: required unless demoVpc. */
  vpcId: optionalStringSetting(),
  subnetIds: stringListSetting(),
  securityGroupIds: stringListSetting(),
  /** Create a throwaway VPC (two AZs, one NAT gateway) instead of using the user's. */
  demoVpc: booleanSetting(false),
  /** Minutes a node may stay failed before NodesFailedAlarm fires. */
  nodesFailedAlarmMinutes: numberSetting({ min: 1, max: 1440, integer: true }, 30),
  /** SNS topic that receives alarm notifications. */
  alarmTopicArn: optionalStringSetting(),
  recordNamespace: stringWithDefault('lynq-system'),
  maxDeletePercent: numberSetting({ min: 0, max: 100, integer: true }, 20),
  /** Below this many deletions the guard never trips; unset keeps the sync's default. */
  guardMinDeletions: optionalNumberSetting({ min: 0, max: 1_000_000, integer: true }),
  allowMassDelete: booleanSetting(false),
  /** StartExecution calls per second and in flight (the sync's LYNQ_MAX_STARTS_*); unset keeps the sync's defaults. */
  maxStartsPerSecond: optionalNumberSetting({ min: 1, max: 10_000, integer: true }),
  maxStartsInFlight: optionalNumberSetting({ min: 1, max: 1000, integer: true }),
  /** Minutes between drift detection rounds (0: off). */
  driftIntervalMinutes: numberSetting({ min: 0, max: 1440, integer: true }, 10),
  /** Drift repair executions running at once, at most. */
  driftMaxConcurrentRepairs: numberSetting({ min: 1, max: 10_000, integer: true }, 10),
  syncMemoryMb: numberSetting({ min: 128, max: 10240, integer: true }, 512),
  syncTimeoutSeconds: numberSetting({ min: 10, max: 900, integer: true }, 300),
  taskMemoryMb: numberSetting({ min: 128, max: 10240, integer: true }, 512),
  taskTimeoutSeconds: numberSetting({ min: 10, max: 900, integer: true }, 60),
  logRetentionDays: numberSetting({ min: 1, max: 3653, integer: true }, 30)
    .refine((days) => LOG_RETENTION_DAYS.includes(days), { error: `CloudWatch Logs accepts only ${LOG_RETENTION_DAYS.join(', ')} days` }),
});
