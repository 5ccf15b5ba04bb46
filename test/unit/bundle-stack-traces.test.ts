// The functions run without --enable-source-maps (it reads the whole source map during module
// init); their stacks are mapped to the TypeScript sources when first formatted instead
// (lambdas/handlers/bundle-stack-traces.ts). Bundled with the functions' own esbuild options and
// run by a plain Node.js, as Lambda runs them.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { HANDLERS_DIR, LAMBDA_ESBUILD_OPTIONS, PROJECT_ROOT } from '../../lib/lynq-functions';

const THROWING_SOURCE = `import { mapBundleStackTraces } from ${JSON.stringify(path.join(HANDLERS_DIR, 'bundle-stack-traces'))};
mapBundleStackTraces();
class Widget {
  async explode(): Promise<void> {
    await Promise.resolve();
    throw new TypeError('widget exploded');
  }
}
export async function stackOfFailure(): Promise<string> {
  return new Widget().explode().then(() => '', (error: Error) => String(error.stack));
}
`;
/** Line and column of `throw` in THROWING_SOURCE, 1-based. */
const THROW_AT = '6:11';

let workDir: string;
beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lynq-stack-traces-'));
});
afterAll(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

async function bundle(name: string, entry: { file: string } | { source: string }): Promise<string> {
  const outfile = path.join(workDir, name, 'index.js');
  await build({
    ...LAMBDA_ESBUILD_OPTIONS,
    mainFields: [...LAMBDA_ESBUILD_OPTIONS.mainFields],
    ...('file' in entry ? { entryPoints: [entry.file] } : { stdin: { contents: entry.source, resolveDir: PROJECT_ROOT, sourcefile: 'throwing-widget.ts', loader: 'ts' } }),
    bundle: true,
    outfile,
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'silent',
  });
  return outfile;
}

/** Runs `script` (with `bundle` defined) in a fresh Node.js outside the project, printing what it prints. */
function runWith(bundleFile: string, script: string, nodeOptions: string[] = []): string {
  return execFileSync(process.execPath, [...nodeOptions, '-e', `const bundle = require(${JSON.stringify(bundleFile)}); ${script}`], {
    cwd: workDir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });
}

const PRINT_STACK = 'bundle.stackOfFailure().then((stack) => process.stdout.write(stack));';

describe('stack traces of a bundled function', () => {
  let widget: string;
  beforeAll(async () => {
    widget = await bundle('widget', { source: THROWING_SOURCE });
  }, 30_000);

  it('point at the TypeScript source, line and column, as Node’s own source maps do', () => {
    const stack = runWith(widget, PRINT_STACK);
    expect(stack.split('\n')[0]).toBe('TypeError: widget exploded');
    expect(stack).toContain(`${path.join(PROJECT_ROOT, 'throwing-widget.ts')}:${THROW_AT})`);
    expect(stack).not.toContain('index.js');
    expect(stack).toBe(runWith(widget, PRINT_STACK, ['--enable-source-maps']));
  });

  it('read the source map only when a stack is formatted, not while the bundle loads', () => {
    // The map goes away after loading: the frames stay in the bundle, as no map was held.
    const stack = runWith(widget, `require('node:fs').renameSync(${JSON.stringify(`${widget}.map`)}, ${JSON.stringify(`${widget}.map.away`)}); ${PRINT_STACK}`);
    fs.renameSync(`${widget}.map.away`, `${widget}.map`);
    expect(stack.split('\n')[0]).toBe('TypeError: widget exploded');
    expect(stack).toMatch(/index\.js:\d+:\d+\)/);
    expect(stack).not.toContain('throwing-widget.ts');
  });

  it('are mapped in the deployed handlers: a task function failing for want of its settings', async () => {
    const handler = await bundle('check-ready', { file: path.join(HANDLERS_DIR, 'check-ready.ts') });
    const stack = runWith(handler, "bundle.handler({}).then(() => process.stdout.write('no failure'), (error) => process.stdout.write(String(error.stack)));");
    const frames = stack.split('\n').filter((line) => line.startsWith('    at '));
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.filter((frame) => frame.includes(path.join(PROJECT_ROOT, 'lambdas')) && /\.ts:\d+:\d+\)?$/.test(frame)).length).toBeGreaterThan(0);
    expect(stack).not.toContain('index.js');
  }, 30_000);
});
