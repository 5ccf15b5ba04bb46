// The tests spawn the CLI as it ships: bin/lynq-sfn.js running the JavaScript build in dist/.
// Importing this builds it first when a source is newer than the build (npm test builds it
// already, in pretest; this covers `npx jest <file>` after an edit). One build at a time:
// jest workers wait on a lock file.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const CLI = join(ROOT, 'bin', 'lynq-sfn.js');
const BUILD_INFO = join(ROOT, 'dist', '.tsbuildinfo');
const LOCK = join(ROOT, 'dist', '.build-lock');
/** What the build compiles (cli/ and what it imports) and how. */
const SOURCES = ['cli', 'lambdas', 'local', 'lib', 'tsconfig.json', 'tsconfig.build.json'];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

function isStale(): boolean {
  if (!existsSync(BUILD_INFO) || !existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) return true;
  const built = statSync(BUILD_INFO).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(ROOT, source)) > built);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function ensureBuilt(): void {
  if (!isStale()) return;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (;;) {
    let lock: number;
    try {
      lock = openSync(LOCK, 'wx');
    } catch {
      sleep(200); // another worker builds
      if (!existsSync(LOCK) && !isStale()) return;
      continue;
    }
    try {
      if (isStale()) execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
      return;
    } finally {
      closeSync(lock);
      rmSync(LOCK, { force: true });
    }
  }
}

ensureBuilt();
