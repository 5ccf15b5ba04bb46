// The functions' AWS SDK clients, bundled with the functions' own esbuild options (the environment
// provider in place of the default credential chain), sign with the keys Lambda puts in the
// environment; DescribeCluster is answered on loopback, the AWS edge.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { LAMBDA_ESBUILD_OPTIONS, PROJECT_ROOT } from '../../lib/lynq-functions';

const run = promisify(execFile);

const DESCRIBE_CLUSTER = `import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
export const describeCluster = () => new EKSClient({}).send(new DescribeClusterCommand({ name: 'lynq' }));
`;
const PRINT_OUTCOME = "bundle.describeCluster().then((r) => process.stdout.write('described ' + r.cluster.name), (e) => process.stdout.write(e.name + ': ' + e.message));";

describe('AWS credentials of the bundled functions', () => {
  let workDir: string;
  let bundleFile: string;
  let server: http.Server;
  let endpoint: string;
  const received: http.IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lynq-env-credentials-'));
    bundleFile = path.join(workDir, 'bundle', 'index.js');
    await build({
      ...LAMBDA_ESBUILD_OPTIONS,
      mainFields: [...LAMBDA_ESBUILD_OPTIONS.mainFields],
      stdin: { contents: DESCRIBE_CLUSTER, resolveDir: PROJECT_ROOT, loader: 'ts' },
      bundle: true,
      outfile: bundleFile,
      logLevel: 'silent',
    });
    server = http.createServer((req, res) => {
      received.push(req.headers);
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ cluster: { name: 'lynq', status: 'ACTIVE' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 30_000);

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    received.length = 0;
  });

  /** Runs the bundle in a fresh Node.js outside the project with only `env` (and PATH, HOME). */
  async function outcome(env: Record<string, string>): Promise<string> {
    const { stdout } = await run(process.execPath, ['-e', `const bundle = require(${JSON.stringify(bundleFile)}); ${PRINT_OUTCOME}`], {
      cwd: workDir,
      env: { PATH: process.env.PATH ?? '', HOME: workDir, AWS_REGION: 'us-west-2', AWS_ENDPOINT_URL_EKS: endpoint, ...env },
    });
    return stdout;
  }

  it('sign with the role keys and session token Lambda puts in the environment', async () => {
    const result = await outcome({ AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEROLEKEY', AWS_SECRET_ACCESS_KEY: 'role-secret', AWS_SESSION_TOKEN: 'role-session-token' });
    expect(result).toBe('described lynq');
    expect(received).toHaveLength(1);
    expect(received[0].authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIAEXAMPLEROLEKEY\/\d{8}\/us-west-2\/eks\/aws4_request, /);
    expect(received[0]['x-amz-security-token']).toBe('role-session-token');
  });

  it('fail with a clear error, without a call, when the environment has no keys (no profile or metadata fallback)', async () => {
    // A profile the default chain would read; the functions never do.
    fs.mkdirSync(path.join(workDir, '.aws'), { recursive: true });
    fs.writeFileSync(path.join(workDir, '.aws', 'credentials'), '[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n');
    const result = await outcome({});
    expect(result).toMatch(/^CredentialsProviderError: Unable to find environment variable credentials/);
    expect(received).toHaveLength(0);
  });
});
