// SIGTERM reaches a CLI command that is busy with a large or slow input (issue 12): the built
// `perflab` ends within seconds, killed by the signal as a shell sees it (exit 143), instead of
// finishing its work first (a `compare` of a 120 MB file ran on 16 s after SIGTERM and exited 0).
// A FIFO fed by a trickling writer, as a path or as /dev/stdin, is refused at once. Commands
// that own a run, a server or a tool keep catching the signal to clean up.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopsGracefully } from '../../src/cli/main.js';
import { BIN, ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture-repo.js';

let dir: string;
let big: string;
const writers: ChildProcess[] = [];
const env = () => ({ ...process.env, PERFLAB_HOME: join(dir, 'data'), PERFLAB_LOCK_DIR: join(dir, 'lock') });

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'perflab-cli.mjs'))) throw new Error('run `npm run build` first (this test spawns bin/perflab.js)');
  dir = tempDir('perflab-signals-');
  big = join(dir, 'big.txt');
  // ~60 MB of benchmark results: seconds of work for compare.
  const out = createWriteStream(big);
  out.write('goos: linux\ngoarch: amd64\npkg: example.com/x\n');
  const chunk: string[] = [];
  for (let i = 0; i < 10_000; i++) chunk.push(`BenchmarkF${i % 500}-2  1000000  ${100 + (i % 97)}.0 ns/op  16 B/op  1 allocs/op\n`);
  const block = chunk.join('');
  for (let i = 0; i < 80; i++) if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r) => out.end(() => r()));
}, 60_000);

afterAll(() => {
  for (const w of writers) if (w.exitCode === null) w.kill('SIGKILL');
});

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  afterSignalMs: number;
}

/** Spawns `perflab ARGS`, sends `sig` after `afterMs`, and waits (at most 30 s) for it to end. */
function signalAfter(args: string[], sig: NodeJS.Signals, afterMs: number, stdin: 'ignore' | number = 'ignore'): Promise<Ended> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: env(), stdio: [stdin, 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    if (stderr.length < 64 * 1024) stderr += d;
  });
  let sentAt = 0;
  const timer = setTimeout(() => {
    sentAt = performance.now();
    child.kill(sig);
  }, afterMs);
  const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(guard);
      resolve({ code, signal, stderr, afterSignalMs: sentAt ? performance.now() - sentAt : -1 });
    }),
  );
}

/** A FIFO whose writer sends one result line every 200 ms, 50 lines at most. */
function tricklingFifo(name: string): string {
  const fifo = join(dir, name);
  execFileSync('mkfifo', [fifo]);
  const w = spawn(
    '/bin/sh',
    ['-c', 'i=0; while [ $i -lt 50 ]; do echo "BenchmarkX-2 1 10 ns/op"; sleep 0.2; i=$((i+1)); done > "$0"', fifo],
    { stdio: 'ignore' },
  );
  writers.push(w);
  return fifo;
}

describe('SIGTERM and SIGINT reach a CLI command busy with its input', () => {
  it('compare of a 60 MB file ends by SIGTERM within seconds', async () => {
    const e = await signalAfter(['compare', big], 'SIGTERM', 300);
    expect(e.afterSignalMs).toBeGreaterThan(0);
    expect(e.signal).toBe('SIGTERM');
    expect(e.afterSignalMs).toBeLessThan(5_000);
  });

  it('import of a 60 MB file ends by SIGTERM within seconds; nothing is left running', async () => {
    const e = await signalAfter(['import', big], 'SIGTERM', 2500);
    expect(e.signal).toBe('SIGTERM');
    expect(e.afterSignalMs).toBeLessThan(5_000);
    const runs = execFileSync(process.execPath, [BIN, 'runs', '--json'], { cwd: dir, env: env(), encoding: 'utf8', timeout: 30_000 });
    for (const r of JSON.parse(runs) as { status: string }[]) expect(r.status).not.toBe('running');
  });

  it('Ctrl-C (SIGINT) ends compare the same way', async () => {
    const e = await signalAfter(['compare', big], 'SIGINT', 300);
    expect(e.signal).toBe('SIGINT');
    expect(e.afterSignalMs).toBeLessThan(5_000);
  });

  it('a FIFO with a trickling writer, as a path or as stdin, is refused at once (exit 2, typed)', async () => {
    const t0 = performance.now();
    const asPath = await signalAfter(['compare', tricklingFifo('a.fifo')], 'SIGTERM', 20_000);
    expect(asPath.code).toBe(2);
    expect(asPath.stderr).toMatch(/is not a regular file \(a named pipe\)/);
    const fifo = tricklingFifo('b.fifo');
    const { openSync, closeSync, constants } = await import('node:fs');
    const fd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const asStdin = await signalAfter(['compare', '/dev/stdin'], 'SIGTERM', 20_000, fd);
      expect(asStdin.code).toBe(2);
      expect(asStdin.stderr).toMatch(/"\/dev\/stdin" is not a regular file \(a named pipe\)/);
    } finally {
      closeSync(fd);
    }
    expect(performance.now() - t0).toBeLessThan(15_000);
  });
});

describe('which commands catch the signals to clean up', () => {
  it('run, serve, gate, investigate and profile open do; the rest keep the default action', () => {
    for (const argv of [
      ['run', '--bench', 'X'],
      ['serve'],
      ['gate', '--base', 'main', '--head', 'HEAD'],
      ['investigate', 'start'],
      ['profile', 'open', 'x.pb.gz'],
      ['--data-dir', '/d', 'run'],
      ['--data-dir=/d', 'profile', 'open', 'f', '--tool', 'trace'],
    ]) {
      expect(stopsGracefully(argv), argv.join(' ')).toBe(true);
    }
    for (const argv of [
      ['compare', 'a.txt'],
      ['import', 'x'],
      ['profile', 'top', 'x'],
      ['show', '1'],
      ['gc'],
      ['repo', 'add', '.'],
      ['help', 'run'],
      [],
      ['--data-dir'],
    ]) {
      expect(stopsGracefully(argv), argv.join(' ')).toBe(false);
    }
  });
});

describe('a reader that goes away', () => {
  it('ends `perflab compare FILE | head` quietly with 141, as SIGPIPE ends benchstat', async () => {
    // The small compare bundle, and the full CLI.
    for (const extra of [{}, { PERFLAB_NO_BUNDLE: '1' }]) {
      const child = spawn(process.execPath, [BIN, 'compare', big, big], {
        cwd: dir,
        env: { ...env(), ...extra },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += d));
      // The reader takes the first bytes and closes its end, as head does.
      child.stdout!.once('data', () => child.stdout!.destroy());
      const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      expect(code, stderr).toBe(141);
      expect(stderr).not.toMatch(/EPIPE|Error|at /);
    }
  }, 60_000);
});
