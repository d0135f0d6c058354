#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli/main.js and everything it imports, except the native
// better-sqlite3) into one ES module, dist/perflab-cli.mjs: Node then loads one file instead of
// ~250 modules, which is most of `perflab`'s start-up. bin/perflab.js prefers the bundle.
// The profile decoder's worker stays a separate file (dist/core/pprof/decode-worker.js).
import { rolldown } from 'rolldown';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = await rolldown({
  input: join(root, 'dist', 'cli', 'main.js'),
  platform: 'node',
  external: ['better-sqlite3', /^node:/],
  logLevel: 'warn',
});
await bundle.write({ file: join(root, 'dist', 'perflab-cli.mjs'), format: 'esm', codeSplitting: false, minify: true });
await bundle.close();
