// The stack's settings, read from cdk.json context (or `-c key=value`) through the schema in
// stack-settings-schema.ts. Synth stays offline (no lookups), but it refuses a stack that could
// not work once deployed: the network is the user's (vpcId + subnetIds) unless a demo VPC is
// asked for explicitly.
import * as path from 'node:path';
import type * as z from '../lambdas/core/contracts/zod-api';
import { parseSettings, readSettingKeys } from '../lambdas/core/config/setting-values';
import { DEFAULT_MYSQL_SECRET_NAME, STACK_CONTEXT_SCHEMA } from './stack-settings-schema';

export type StackSettings = z.output<typeof STACK_CONTEXT_SCHEMA>;

export class StackSettingsError extends Error {
  constructor(key: string, problem: string) {
    super(`cdk context "${key}": ${problem}`);
    this.name = 'StackSettingsError';
  }
}

type ContextReader = (key: string) => unknown;

/** Reads and checks every setting; relative paths resolve against `baseDir` (the app's working directory). */
export function readStackSettings(read: ContextReader, baseDir: string = process.cwd()): StackSettings {
  const settings = parseSettings(STACK_CONTEXT_SCHEMA, readSettingKeys(STACK_CONTEXT_SCHEMA.shape, read), ({ key, value, expectation }) =>
    new StackSettingsError(key, `${expectation}, got ${JSON.stringify(value)}`));
  const { demoVpc, vpcId, subnetIds, securityGroupIds, mysqlSecretArn } = settings;
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
    ...settings,
    configDir: path.resolve(baseDir, settings.configDir),
    mysqlCaFile: settings.mysqlCaFile === undefined ? undefined : path.resolve(baseDir, settings.mysqlCaFile),
    mysqlSecretName: mysqlSecretArn === undefined ? settings.mysqlSecretName ?? DEFAULT_MYSQL_SECRET_NAME : undefined,
  };
}
