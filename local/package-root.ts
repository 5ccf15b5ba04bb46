// The package's root directory (where package.json is), found from this file: local/ when run
// from the sources, dist/local/ in the built CLI. Examples and the ASL file are read from there.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function packageRootAbove(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json in ${start} or above it`);
  }
}

export const PACKAGE_ROOT = packageRootAbove(__dirname);
