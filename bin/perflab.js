#!/usr/bin/env node
// The `perflab` command: runs the compiled CLI (dist/, built by `npm install` / `npm run build`).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline/promises';

const here = dirname(fileURLToPath(import.meta.url));
// The one-file bundle starts fastest; the compiled modules work too.
const bundle = join(here, '..', 'dist', 'perflab-cli.mjs');
const entry = existsSync(bundle) && process.env.PERFLAB_NO_BUNDLE !== '1' ? bundle : join(here, '..', 'dist', 'cli', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('perflab: not built yet; run `npm install` (or `npm run build`) in the Perflab checkout first\n');
  process.exit(3);
}
const argv = process.argv.slice(2);
// A reader that goes away (`perflab compare old.txt new.txt | head`) ends a command quietly, as
// SIGPIPE ends a Go tool: exit status 141 (128 + SIGPIPE), no stack trace. A command that owns a
// run, a server or a tool is stopped as on SIGINT instead (runFull), so it cleans up.
let onBrokenPipe = () => process.exit(141);
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err;
    onBrokenPipe();
  });
// `perflab compare FILE...` needs no lab: a small bundle runs it (null: not files only). It
// installs no signal handlers, so SIGINT/SIGTERM end it at once, busy or not.
const lean = join(here, '..', 'dist', 'perflab-compare.mjs');
if (argv.includes('compare') && existsSync(lean) && process.env.PERFLAB_NO_BUNDLE !== '1') {
  // tuneHeap: the file compare keeps V8's young generation at its starting size (see compare-main.ts).
  const code = await (await import(lean)).runCompareFiles(argv, process.stdout, process.stderr, { tuneHeap: true });
  if (code !== null) process.exitCode = code;
  else await runFull();
} else await runFull();

/** The full CLI (every command). */
async function runFull() {
  const { run, stopsGracefully } = await import(entry);
  const controller = new AbortController();
  // Only commands that own a run, a server or a tool catch the signals (to clean up); for the
  // others the default action ends the process at once, busy or not (see stopsGracefully).
  if (stopsGracefully(argv)) {
    onBrokenPipe = () => controller.abort();
    let interrupts = 0;
    process.on('SIGINT', () => {
      interrupts++;
      if (interrupts > 1) process.exit(130);
      controller.abort();
    });
    process.on('SIGTERM', () => controller.abort());
  }
  const ask =
    process.stdin.isTTY && process.stderr.isTTY
      ? async (question) => {
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          try {
            return /^y(es)?$/i.test((await rl.question(question)).trim());
          } finally {
            rl.close();
          }
        }
      : null;
  const code = await run(argv, process.stdout, process.stderr, { signal: controller.signal, ask });
  process.exitCode = code;
}
