#!/usr/bin/env node
// The `agora` bin: runs the TypeScript CLI through tsx, so no build step is needed.
require('tsx/cjs');
require('../src/cli/index.ts')
  .main(process.argv)
  .catch((error) => {
    process.stderr.write(`agora: ${error && error.message ? error.message : String(error)}\n`);
    process.exit(1);
  });
