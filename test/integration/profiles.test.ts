// Profiles as a user meets them: a run with --profile cpu,mem,trace stores one file per
// (ref, benchmark, kind) plus the profiles derived from the trace; go tool pprof opens every
// stored profile; profile top/diff/flame/findings answer from them; profile open serves on loopback
// and leaves no process behind.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLab } from '../../src/core/lab.js';
import { cli } from '../helpers/cli.js';
import { fixtureRepo, tempDir } from '../helpers/fixture-repo.js';
import { openToolSession } from '../helpers/tool-session.js';
import { checkXml } from '../helpers/xml-check.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('profiles of a run', () => {
  it('captures, stores, lists, analyses and serves profiles', async () => {
    const repo = fixtureRepo('basic');
    const data = tempDir();
    const lockDir = tempDir();
    const p = (...a: string[]) => cli(['--data-dir', data, ...a], { lockDir });
    expect((await p('repo', 'add', repo.module, '--trust')).code).toBe(0);
    const r = await p(
      'run',
      '--repo',
      repo.module,
      '--bench',
      'Sum|Join',
      '--count',
      '1',
      '--benchtime',
      '100x',
      '--profile',
      'cpu,mem,trace',
      '--profile-benchtime',
      '300ms',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse((await p('profile', 'list', 'latest', '--json')).stdout) as {
      id: number;
      kind: string;
      benchmark: string;
      refLabel: string;
      path: string;
      size: number;
    }[];
    for (const bench of ['BenchmarkSum', 'BenchmarkJoin']) {
      for (const kind of ['cpu', 'mem', 'trace'])
        expect(
          list.filter((x) => x.benchmark === bench && x.kind === kind),
          `${bench} ${kind}`,
        ).toHaveLength(1);
      expect(list.filter((x) => x.benchmark === bench && x.kind.startsWith('trace-')).length).toBeGreaterThanOrEqual(1);
    }
    for (const prof of list) {
      expect(existsSync(prof.path)).toBe(true);
      if (prof.kind === 'trace') continue;
      const out = execFileSync('go', ['tool', 'pprof', '-top', '-nodecount=3', prof.path], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, GOFLAGS: '' },
      });
      expect(out).toMatch(/flat%/);
    }
    // Profiled runs never feed the statistics: only the timing results are stored.
    const results = JSON.parse((await p('show', 'latest', '--format', 'json')).stdout).results;
    expect(results).toHaveLength(2);

    const top = JSON.parse((await p('profile', 'top', 'latest', '--bench', 'Sum', '--json', '-n', '5')).stdout);
    expect(top.sampleType.type).toBe('cpu');
    expect(top.rows.length).toBeGreaterThan(0);
    expect(top.rows.some((x: { name: string }) => x.name.includes('parse.Sum'))).toBe(true);
    const mem = JSON.parse((await p('profile', 'top', 'latest', '--kind', 'mem', '--bench', 'Join', '--json')).stdout);
    expect(mem.sampleType.type).toBe('alloc_space');
    const cpuFiles = list.filter((x) => x.kind === 'cpu');
    const text = await p('profile', 'top', cpuFiles[0].path);
    expect(text.stdout).toMatch(/flat%\s+sum%\s+cum\s+cum%/);
    for (const line of text.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    const diff = JSON.parse((await p('profile', 'diff', `#${cpuFiles[0].id}`, `#${cpuFiles[1].id}`, '--json')).stdout);
    expect(diff.diff).toBe(true);
    // A stored profile as a standalone flame graph: well-formed SVG with the frames' names.
    const sumCpu = cpuFiles.find((x) => x.benchmark === 'BenchmarkSum')!;
    const svg = await p('profile', 'flame', `#${sumCpu.id}`, '--format', 'svg');
    expect(svg.code, svg.stderr).toBe(0);
    const xml = checkXml(svg.stdout);
    expect(xml.errors).toEqual([]);
    const titles = xml.elements.filter((e) => e.name === 'title').map((e) => e.text);
    expect(titles[0]).toBe(`cpu of #${sumCpu.id} BenchmarkSum cpu at ${sumCpu.refLabel}`);
    expect(titles.some((t) => /^example\.com\/basic\/parse\.Sum\ntotal \S+ \(\d+\.\d%\)\nself \S+ \(\d+\.\d%\)/.test(t))).toBe(true);
    const out = join(data, 'sum-diff.html');
    const html = await p(
      'profile',
      'flame',
      'latest',
      '--bench',
      'Sum',
      '--format',
      'html',
      '--diff',
      `#${cpuFiles.find((x) => x !== sumCpu)!.id}`,
      '-o',
      out,
    );
    expect(html.code, html.stderr).toBe(0);
    expect(html.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toMatch(/^<!DOCTYPE html>[\s\S]*Content-Security-Policy[\s\S]*red grew, blue shrank/);
    expect((await p('profile', 'flame', 'latest', '--format', 'pdf')).code).toBe(2);
    const findings = await p('findings', 'latest');
    expect(findings.code, findings.stderr).toBe(0);
    expect(findings.stdout).toMatch(/Location/);

    const lab = createLab({ dataDir: data, lockDir });
    let traceUrl: string | undefined;
    try {
      const h = await lab.api.openProfileTool({ profileId: cpuFiles[0].id, tool: 'pprof' });
      expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__perflab\/open\?token=/);
      const page = await (await openToolSession(h.url)).get('/ui/top', { host: new URL(h.url).host });
      expect(page.status).toBe(200);
      const pids = execFileSync('pgrep', ['-f', cpuFiles[0].path], { encoding: 'utf8' }).trim().split('\n').map(Number);
      expect((await lab.api.closeProfileTool({ handle: h.handle })).closed).toBe(true);
      for (const pid of pids) expect(alive(pid)).toBe(false);
      const t = await lab.api.openProfileTool({ profileId: list.find((x) => x.kind === 'trace')!.id, tool: 'trace' });
      expect(t.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      traceUrl = t.url;
      expect((await (await openToolSession(t.url)).get('/', { host: new URL(t.url).host })).status).toBe(200);
    } finally {
      await lab.close();
    }
    expect(() => execFileSync('pgrep', ['-f', `${data}/profiles`], { encoding: 'utf8' })).toThrow();
    // The lab stopping closed the trace viewer's proxy too.
    await expect(fetch(traceUrl!, { redirect: 'manual' })).rejects.toThrow();
  });
});
