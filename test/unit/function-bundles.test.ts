// Each deployed function bundles only what its own code uses (issue #14, lean functions): the
// import graph esbuild follows, with the stack's own bundling options, decides what lands in it.
import * as path from 'node:path';
import { build } from 'esbuild';
import { HANDLERS_DIR, LAMBDA_ESBUILD_OPTIONS, TASK_FUNCTION_NAMES } from '../../lib/lynq-functions';

interface BundleContents {
  /** The npm packages (by name) whose code ends up in the bundle. */
  packages: Set<string>;
  /** Bytes each package contributes. */
  bytesOf: Map<string, number>;
  bytes: number;
}

async function bundleContents(name: string): Promise<BundleContents> {
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
  const bytesOf = new Map<string, number>();
  let bytes = 0;
  for (const output of Object.values(result.metafile.outputs)) {
    bytes += output.bytes;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (match?.[1] && bytesInOutput > 0) {
        packages.add(match[1]);
        bytesOf.set(match[1], (bytesOf.get(match[1]) ?? 0) + bytesInOutput);
      }
    }
  }
  return { packages, bytesOf, bytes };
}

const READS_HUB_TABLE = new Set(['sync', 'load-node']);

describe.each(['sync', ...TASK_FUNCTION_NAMES])('the %s function bundle', (name) => {
  let packages: Set<string>;
  let contents: BundleContents;
  beforeAll(async () => {
    contents = await bundleContents(name);
    packages = contents.packages;
  }, 60_000);

  it('has no Kubernetes client library (kube-http.ts speaks to the API server)', () => {
    expect(packages.has('@kubernetes/client-node')).toBe(false);
  });

  it(READS_HUB_TABLE.has(name) ? 'has the MySQL client and Secrets Manager (it reads the hub table)' : 'has neither MySQL nor Secrets Manager', () => {
    expect(packages.has('mysql2')).toBe(READS_HUB_TABLE.has(name));
    expect(packages.has('@aws-sdk/client-secrets-manager')).toBe(READS_HUB_TABLE.has(name));
  });

  // The synth compiles the hubs and forms to JSON (compiled-config): no function parses YAML.
  it('has no YAML parser', () => {
    expect(packages.has('yaml')).toBe(false);
  });

  it('has what every function uses: the EKS connection and Powertools', () => {
    expect(packages.has('@aws-sdk/client-eks')).toBe(true);
    expect(packages.has('@aws-lambda-powertools/logger')).toBe(true);
  });

  // Importing zod's `z` namespace object pulls all of zod in (about 450 KB); lambdas/core/contracts/zod-api.ts
  // re-exports what is used by name, so esbuild keeps only that.
  it('keeps zod to the parts the schemas use', () => {
    expect(contents.bytesOf.get('zod') ?? 0).toBeLessThan(150_000);
  });

  if (!READS_HUB_TABLE.has(name)) {
    it('stays within the 1.2 MB of issue #14 (a task function that does not read the hub table)', () => {
      expect(contents.bytes).toBeLessThanOrEqual(1_200_000);
    });
  }
});
