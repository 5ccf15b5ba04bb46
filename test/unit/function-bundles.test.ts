// Each deployed function bundles only what its own code uses (issue #14, lean functions): the
// import graph esbuild follows, with the stack's own bundling options, decides what lands in it.
import * as path from 'node:path';
import { build } from 'esbuild';
import { HANDLERS_DIR, LAMBDA_ESBUILD_OPTIONS, TASK_FUNCTION_NAMES } from '../../lib/lynq-functions';

/** The npm packages (by name) whose code ends up in a function's bundle. */
async function bundledPackages(name: string): Promise<Set<string>> {
  const result = await build({
    ...LAMBDA_ESBUILD_OPTIONS,
    mainFields: [...LAMBDA_ESBUILD_OPTIONS.mainFields],
    entryPoints: [path.join(HANDLERS_DIR, `${name}.ts`)],
    bundle: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const packages = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (match && bytesInOutput > 0) packages.add(match[1]);
    }
  }
  return packages;
}

const READS_HUB_TABLE = new Set(['sync', 'load-node']);

describe.each(['sync', ...TASK_FUNCTION_NAMES])('the %s function bundle', (name) => {
  let packages: Set<string>;
  beforeAll(async () => {
    packages = await bundledPackages(name);
  }, 60_000);

  it('has no Kubernetes client library (kube-http.ts speaks to the API server)', () => {
    expect(packages.has('@kubernetes/client-node')).toBe(false);
  });

  it(READS_HUB_TABLE.has(name) ? 'has the MySQL client and Secrets Manager (it reads the hub table)' : 'has neither MySQL nor Secrets Manager', () => {
    expect(packages.has('mysql2')).toBe(READS_HUB_TABLE.has(name));
    expect(packages.has('@aws-sdk/client-secrets-manager')).toBe(READS_HUB_TABLE.has(name));
  });

  it('has what every function uses: the EKS connection and Powertools', () => {
    expect(packages.has('@aws-sdk/client-eks')).toBe(true);
    expect(packages.has('@aws-lambda-powertools/logger')).toBe(true);
  });
});
