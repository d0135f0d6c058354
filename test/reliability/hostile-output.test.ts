// Hostile output (security.md, processes): benchmarks that print, panic, flood 200 MB, write
// one 50 MB line without a newline, or glue a megabyte of their own name to their result, in
// one run of a lab living in this process. The lab stays responsive (event-loop delay p99,
// measured with perf_hooks.monitorEventLoopDelay), its memory grows little (RSS sampled), every
// line of the raw output is classified, and each failure names its benchmark.
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../src/core/lab.js';
import { parseBenchOutputFile } from '../../src/core/runner/bench-output.js';
import { fixtureRepo, tempDir } from '../helpers/fixture-repo.js';
import { recordFigures } from './helpers/figures.js';

/** Lines as the parser counts them: newline-terminated, plus a last one without a newline. */
async function countLines(file: string): Promise<{ lines: number; bytes: number }> {
  let lines = 0;
  let bytes = 0;
  let last = 10;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const b = chunk as Buffer;
    bytes += b.length;
    for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) lines++;
    if (b.length) last = b[b.length - 1];
  }
  return { lines: lines + (last !== 10 ? 1 : 0), bytes };
}

describe('hostile benchmark output', () => {
  const repo = fixtureRepo('hostile');
  const data = tempDir('perflab-hostile-');
  let lab: Lab;
  beforeAll(async () => {
    lab = createLab({ dataDir: data, lockDir: tempDir() });
    await lab.api.addRepo({ path: repo.module, trust: true });
  });
  afterAll(async () => {
    await lab.close();
  });

  it('flood, 50 MB line, panic, glued output: responsive, bounded memory, every line classified, failures name their benchmark', async () => {
    // Warm up (compile) first, so the measurement covers running and parsing only.
    const warm = await lab.api.startRun({ repo: repo.module, bench: 'Quick', count: 1, benchtime: ['1x'] });
    expect(await lab.waitForRun(warm.runId)).toBe('completed');
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    let rssMax = rss0;
    const sampler = setInterval(() => {
      rssMax = Math.max(rssMax, process.memoryUsage().rss);
    }, 20);
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    const t0 = Date.now();
    const { runId } = await lab.api.startRun({
      repo: repo.module,
      bench: '^Benchmark(Quick|Chatty|Flood|LongLine|PrintName|Panic)$',
      count: 1,
      benchtime: ['1x'],
      env: { PERFLAB_HOSTILE: 'flood,longline,panic,printname,chatty' },
    });
    const status = await lab.waitForRun(runId);
    const seconds = (Date.now() - t0) / 1000;
    h.disable();
    clearInterval(sampler);
    const run = await lab.api.getRun({ run: runId });
    const results = await lab.api.getResults({ run: runId });
    const names = results.map((r) => r.name).sort();
    const failures = run.failures.map((f) => `${f.name}:${f.kind}`).sort();

    // Every line of every raw output file is classified by the parser (counted once, never lost).
    const dir = join(data, 'runs', String(runId));
    let lines = 0;
    let bytes = 0;
    let unaccounted = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.out'))) {
      const c = await countLines(join(dir, f));
      const p = await parseBenchOutputFile(join(dir, f));
      lines += c.lines;
      bytes += c.bytes;
      unaccounted += Math.abs(c.lines - p.lineCount);
    }
    const figures = {
      seconds,
      status,
      results: names,
      failures,
      outputBytes: bytes,
      outputLines: lines,
      unaccountedLines: unaccounted,
      eventLoopDelayMs: {
        p50: +(h.percentile(50) / 1e6).toFixed(1),
        p99: +(h.percentile(99) / 1e6).toFixed(1),
        max: +(h.max / 1e6).toFixed(1),
      },
      rssGrowthMB: Math.round((rssMax - rss0) / 2 ** 20),
    };
    recordFigures('hostile-output', figures);

    expect(status).toBe('completed');
    // The flood's own result line is stored when it was written before the size check killed the
    // process; Go may print a result line (without ns/op) for the panicking benchmark before the
    // panic ends the process.
    expect(names.filter((n) => n !== 'BenchmarkFlood' && n !== 'BenchmarkPanic')).toEqual([
      'BenchmarkChatty',
      'BenchmarkLongLine',
      'BenchmarkPrintName',
      'BenchmarkQuick',
    ]);
    expect(failures).toEqual(['BenchmarkFlood:output-limit', 'BenchmarkPanic:panic']);
    expect(run.failures.find((f) => f.kind === 'panic')?.message).toMatch(/panic: hostile panic/);
    expect(unaccounted).toBe(0);
    // Generous bounds (the machine is shared): the figures above are what we report.
    expect(figures.eventLoopDelayMs.p99).toBeLessThan(1000);
    expect(figures.rssGrowthMB).toBeLessThan(300);
  });

  it('a flood still running at the size check is stopped near the 64 MiB cap, blamed on its benchmark; the rest runs again', async () => {
    const { runId } = await lab.api.startRun({
      repo: repo.module,
      bench: '^Benchmark(Quick|SlowFlood|Chatty)$',
      count: 1,
      benchtime: ['1x'],
      env: { PERFLAB_HOSTILE: 'slowflood,chatty' },
    });
    expect(await lab.waitForRun(runId)).toBe('completed');
    const run = await lab.api.getRun({ run: runId });
    const names = (await lab.api.getResults({ run: runId })).map((r) => r.name).sort();
    expect(names).toEqual(['BenchmarkChatty', 'BenchmarkQuick']);
    expect(run.failures.map((f) => `${f.name}:${f.kind}`)).toEqual(['BenchmarkSlowFlood:output-limit']);
    expect(run.failures[0].message).toMatch(/output exceeded 67108864 bytes: the process was stopped/);
    const dir = join(data, 'runs', String(runId));
    const sizes = readdirSync(dir)
      .filter((x) => x.endsWith('.out'))
      .map((f) => statSync(join(dir, f)).size);
    recordFigures('output-cap', { processes: sizes.length, largestOutputMB: +(Math.max(...sizes) / 2 ** 20).toFixed(1) });
    // The cap is checked every 250 ms: a writer at ~100 MB/s overshoots it by tens of MB, not more.
    expect(Math.max(...sizes)).toBeLessThan(64 * 2 ** 20 + 100 * 1e6);
  });

  it('a result line nothing can read is a missing sample the run names, not one sample fewer without a word', async () => {
    const { runId } = await lab.api.startRun({
      repo: repo.module,
      bench: '^Benchmark(Quick|ControlByte)$',
      count: 2,
      benchtime: ['1x'],
      env: { PERFLAB_HOSTILE: 'controlbyte' },
    });
    expect(await lab.waitForRun(runId)).toBe('completed');
    const run = await lab.api.getRun({ run: runId });
    expect((await lab.api.getResults({ run: runId })).map((r) => r.name)).toEqual(['BenchmarkQuick', 'BenchmarkQuick']);
    const missing = run.notes.filter((n) => /printed no result line Perflab could read; this sample is missing/.test(n));
    expect(missing).toHaveLength(2);
    for (const [i, n] of missing.entries()) expect(n).toMatch(new RegExp(`^BenchmarkControlByte \\(WORKTREE, round ${i + 1}\\):`));
    // With a sub-benchmark level Go runs it once to look for sub-benchmarks and rightly reports
    // nothing: no note then.
    const sub = await lab.api.startRun({
      repo: repo.module,
      bench: 'Quick|ControlByte/none',
      count: 1,
      benchtime: ['1x'],
      env: { PERFLAB_HOSTILE: 'controlbyte' },
    });
    expect(await lab.waitForRun(sub.runId)).toBe('completed');
    expect((await lab.api.getResults({ run: sub.runId })).map((r) => r.name)).toEqual(['BenchmarkQuick']);
    expect((await lab.api.getRun({ run: sub.runId })).notes.filter((n) => /sample is missing/.test(n))).toEqual([]);
  });
});
