#!/usr/bin/env node
// The CLI entry: the JavaScript build of cli/ in dist/ (npm run build:cli; npm install, npm pack
// and npm test build it first). No TypeScript is compiled at run time.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const built = join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!existsSync(built)) {
  process.stderr.write(`lynq-sfn is not built (${built} is missing): run \`npm run build:cli\` in ${join(__dirname, '..')}\n`);
  process.exit(1);
}
require(built).main(process.argv);
