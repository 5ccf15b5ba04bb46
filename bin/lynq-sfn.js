#!/usr/bin/env node
// The CLI entry: TypeScript sources run through tsx, no build step.
require('tsx/cjs');
require('../cli/main.ts').main(process.argv);
