// What `npm pack` ships (issue #10: the shipped CLI does not depend on test code): the built CLI,
// its examples and the state machine file, never a test, and no shipped source reaches into test/.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function packedFiles(): string[] {
  // --ignore-scripts: list what `files` selects without building (the build is not what is tested here).
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const [pack] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
  return pack.files.map((file) => file.path);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js)$/.test(name) ? [path] : [];
  });
}

describe('the npm package', () => {
  let files: string[];
  beforeAll(() => {
    files = packedFiles();
  }, 60_000);

  it('lists no test files', () => {
    expect(files.filter((path) => /(^|\/)(test|tests|__tests__)\//.test(path) || /\.(test|e2e)\.[jt]s$/.test(path))).toEqual([]);
  });

  it('ships the CLI entry, the state machine file and the examples the demo uses', () => {
    expect(files).toEqual(expect.arrayContaining([
      'bin/lynq-sfn.js', 'statemachines/reconcile-node.asl.json', 'examples/database-per-node/form.yaml', 'examples/database-per-node/schema.sql',
    ]));
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; dependencies: Record<string, string> };
    expect(pkg.bin).toEqual({ 'lynq-sfn': 'bin/lynq-sfn.js' });
    // The CLI runs JavaScript: no TypeScript runner among what it depends on.
    expect(pkg.dependencies.tsx).toBeUndefined();
  });

  it('ships no TypeScript source (the CLI is the build in dist/)', () => {
    expect(files.filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'))).toEqual([]);
  });
});

describe('shipped sources', () => {
  it('import nothing from test/ (cli/, local/, lambdas/, lib/, bin/)', () => {
    const testDir = join(ROOT, 'test');
    const reaching: string[] = [];
    for (const dir of ['cli', 'local', 'lambdas', 'lib', 'bin']) {
      for (const file of sourceFiles(join(ROOT, dir))) {
        const text = readFileSync(file, 'utf8');
        for (const match of text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"](\.[^'"]*)['"]/g)) {
          const target = resolve(dirname(file), match[1]);
          if (target === testDir || target.startsWith(`${testDir}/`)) reaching.push(`${relative(ROOT, file)} -> ${match[1]}`);
        }
      }
    }
    expect(reaching).toEqual([]);
  });
});
