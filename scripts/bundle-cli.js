#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli/main.js and everything it imports, except the native
// better-sqlite3) into one ES module, dist/perflab-cli.mjs: Node then loads one file instead of
// ~250 modules, which is most of `perflab`'s start-up. bin/perflab.js prefers the bundle.
// The profile decoder's worker stays a separate file (dist/core/pprof/decode-worker.js).
// A second, small bundle, dist/perflab-compare.mjs (dist/cli/compare-main.js), runs
// `perflab compare FILE...` without the lab: bin/perflab.js tries it first for `compare`.
import { rolldown } from 'rolldown';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const [input, file] of [
  ['main.js', 'perflab-cli.mjs'],
  ['compare-main.js', 'perflab-compare.mjs'],
]) {
  const bundle = await rolldown({
    input: join(root, 'dist', 'cli', input),
    platform: 'node',
    external: ['better-sqlite3', /^node:/],
    logLevel: 'warn',
  });
  await bundle.write({ file: join(root, 'dist', file), format: 'esm', codeSplitting: false, minify: true });
  await bundle.close();
}
