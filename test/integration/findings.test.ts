// Findings on a real module: test/fixtures/logaudit has one known problem per package (a file
// opened and scanned per item, append without capacity, string concatenation in a loop, a
// mutex held around a backend round trip under b.RunParallel, a goroutine per block). A real
// run with cpu, mem, block and mutex profiles must report each with the right category at the
// right module-relative line, as High or Medium, and nothing from runtime, stdlib or test
// files. Then filing: Markdown files, and `--tracker bd` against a stub `bd` that records argv.
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingsReport } from '../../src/shared/profile-types.js';
import { cli, type CliResult } from '../helpers/cli.js';
import { commitAll, FIXTURES, fixtureRepo, tempDir } from '../helpers/fixture-repo.js';

const MOD = 'example.com/logaudit';
const PERF_SUBJECT = 'perf(collect): scan the record once in Fields';

/** The 1-based line of the first line of FILE (in the fixture) containing TEXT, after AFTER when given. */
function lineOf(file: string, text: string, after?: string): number {
  const lines = readFileSync(join(FIXTURES, 'logaudit', file), 'utf8').split('\n');
  const from = after ? lines.findIndex((l) => l.includes(after)) : 0;
  const i = lines.findIndex((l, k) => k >= from && l.includes(text));
  if (i < 0) throw new Error(`${text} not in ${file}`);
  return i + 1;
}

let repo: ReturnType<typeof fixtureRepo>;
let data: string, lockDir: string;
let p: (...a: string[]) => Promise<CliResult>;
let report: FindingsReport;

beforeAll(async () => {
  repo = fixtureRepo('logaudit');
  // An earlier perf commit that touched Fields (same line count: locations stay those of the fixture).
  const collect = join(repo.module, 'internal', 'collect', 'collect.go');
  writeFileSync(collect, readFileSync(collect, 'utf8').replace('\tstart := 0\n', '\tstart := 0 // first byte of the current field\n'));
  commitAll(repo.root, PERF_SUBJECT);
  data = tempDir();
  lockDir = tempDir();
  p = (...a: string[]) => cli(['--data-dir', data, ...a], { lockDir });
  expect((await p('repo', 'add', repo.module, '--trust')).code).toBe(0);
  const r = await p(
    'run',
    '--repo',
    repo.module,
    '--count',
    '1',
    '--benchtime',
    '100ms',
    '--profile',
    'cpu,mem,block,mutex',
    '--profile-benchtime',
    '300ms',
    '--json',
  );
  expect(r.code, r.stderr).toBe(0);
  const j = await p('findings', 'latest', '--format', 'json');
  expect(j.code, j.stderr).toBe(0);
  report = JSON.parse(j.stdout) as FindingsReport;
}, 240_000);

afterAll(() => repo?.cleanup());

describe('findings of a real run', () => {
  it('reports each known problem at its line with its category, as High or Medium', () => {
    const want: [string, string, number, RegExp][] = [
      [
        'redundant I/O',
        'internal/units/units.go',
        lineOf('internal/units/units.go', 'os.Open(table)'),
        /cache the result instead of calling os\.Open/,
      ],
      [
        'allocation',
        'internal/collect/collect.go',
        lineOf('internal/collect/collect.go', 'out = append(out, rec[start:i])'),
        /preallocate the slice/,
      ],
      ['allocation', 'internal/render/render.go', lineOf('internal/render/render.go', 's += " " + c'), /strings\.Builder/],
      [
        'lock contention',
        'internal/cache/cache.go',
        lineOf('internal/cache/cache.go', 's.mu.Lock()', 'func (s *Store) Get'),
        /narrow the critical section/,
      ],
      [
        'concurrency',
        'internal/fanout/fanout.go',
        lineOf('internal/fanout/fanout.go', 'go func(i int, b []byte)'),
        /avoid a goroutine per operation/,
      ],
    ];
    const summary = [
      ...report.findings.map((f) => `${f.impact} ${f.category} ${f.location} ${f.function} ${(f.share * 100).toFixed(1)}%`),
      ...report.skipped.map((s) => `skipped ${s.location}: ${s.reason}`),
    ].join('\n');
    for (const [category, file, line, action] of want) {
      const f = report.findings.find((x) => x.category === category && x.location === `${file}:${line}`);
      expect(f, `${category} at ${file}:${line} in\n${summary}`).toBeDefined();
      expect(['High', 'Medium'], `${category} at ${file}:${line} in\n${summary}`).toContain(f!.impact);
      expect(f!.title).toMatch(/^perf: /);
      expect(f!.title).toMatch(action);
      expect(f!.body).toMatch(/needs benchmark/);
    }
  });

  it("notes the earlier perf commit that touched Fields, and attaches the compiler's notes of the line", () => {
    const f = report.findings.find(
      (x) => x.location === `internal/collect/collect.go:${lineOf('internal/collect/collect.go', 'out = append(out, rec[start:i])')}`,
    )!;
    expect(f.perfCommits.map((c) => c.subject)).toEqual([PERF_SUBJECT]);
    expect(f.body).toMatch(
      /## Notes[\s\S]*Earlier perf commits that touched `Fields`: `[0-9a-f]{12}` perf\(collect\): scan the record once in Fields/,
    );
    expect(f.compiler.map((n) => n.text)).toEqual(expect.arrayContaining(['append escapes to heap', 'can inline Fields with cost 47']));
    expect(report.skipped).toEqual([]);
    // Other functions were not touched by it.
    for (const x of report.findings) if (x.function !== f.function) expect(x.perfCommits, x.location).toEqual([]);
  });

  it('lists nothing from runtime, the standard library or test files, and only paths of the module', () => {
    expect(report.modulePath).toBe(MOD);
    for (const f of report.findings) {
      expect(f.function.startsWith(`${MOD}/`), f.function).toBe(true);
      const [file, line] = f.location.split(':');
      expect(file.endsWith('_test.go'), f.location).toBe(false);
      expect(existsSync(join(repo.module, file)), f.location).toBe(true);
      expect(Number(line)).toBeGreaterThan(0);
      expect(['allocation', 'lock contention', 'redundant I/O', 'concurrency', 'resource leak']).toContain(f.category);
    }
    const order = report.findings.map((f) => ({ High: 0, Medium: 1, Low: 2 })[f.impact]);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('writes one Markdown file per Medium/High finding, once', async () => {
    const dir = tempDir();
    const first = await p('findings', 'latest', '--issues', dir);
    expect(first.code, first.stderr).toBe(0);
    const files = readdirSync(dir);
    expect(files.length).toBe(report.issues.length);
    for (const f of files)
      expect(readFileSync(join(dir, f), 'utf8')).toMatch(
        /^# perf: .*\n\n## Problem\n[\s\S]*## Location[\s\S]*## Proposed Fix[\s\S]*## Impact[\s\S]*## Notes/,
      );
    const again = await p('findings', 'latest', '--issues', dir);
    expect(again.stderr).toContain(`filed 0, already filed ${files.length}`);
    expect(readdirSync(dir)).toHaveLength(files.length);
  });

  it('--tracker bd: one add per Medium/High finding, one sync last, nothing twice', async () => {
    const bin = tempDir();
    const log = join(bin, 'argv.log');
    writeFileSync(
      join(bin, 'bd'),
      `#!/usr/bin/env node
const fs = require('fs');
const log = ${JSON.stringify(log)};
const args = process.argv.slice(2);
fs.appendFileSync(log, JSON.stringify({ cwd: process.cwd(), args }) + '\\n');
if (args[0] === 'list' && fs.existsSync(log)) {
  for (const l of fs.readFileSync(log, 'utf8').split('\\n').filter(Boolean)) {
    const c = JSON.parse(l);
    if (c.args[0] === 'add') console.log('bd-1 [P2] open - ' + c.args[2]);
  }
}
`,
    );
    chmodSync(join(bin, 'bd'), 0o755);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` };
    const run = (...a: string[]) => cli(['--data-dir', data, 'findings', 'latest', ...a], { lockDir, env });
    const dry = await run('--tracker', 'bd', '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^bd add --title "perf: /m);
    const calls = () =>
      readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { cwd: string; args: string[] });
    expect(calls().map((c) => c.args[0])).toEqual(['list']);

    const first = await run('--tracker', 'bd');
    expect(first.code, first.stderr).toBe(0);
    const c1 = calls().slice(1);
    const adds = c1.filter((c) => c.args[0] === 'add');
    expect(adds).toHaveLength(report.issues.length);
    expect(adds.map((a) => a.args[2])).toEqual(report.issues.map((i) => i.title));
    for (const a of adds) {
      expect(a.args[1]).toBe('--title');
      expect(a.args[2]).toMatch(/^perf: /);
      expect(a.args[3]).toBe('--body');
      expect([...a.args[4].matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual(['Problem', 'Location', 'Proposed Fix', 'Impact', 'Notes']);
      expect(a.cwd).toBe(repo.module);
    }
    expect(c1.filter((c) => c.args[0] === 'sync')).toHaveLength(1);
    expect(c1[c1.length - 1].args).toEqual(['sync']);

    const second = await run('--tracker', 'bd');
    expect(second.code, second.stderr).toBe(0);
    const c2 = calls().slice(1 + c1.length);
    expect(c2.map((c) => c.args[0])).toEqual(['list']);
  });

  it('--tracker gh: label, then one issue create per Medium/High finding with its body file; titles already there skipped', async () => {
    const bin = tempDir();
    const log = join(bin, 'argv.log');
    writeFileSync(
      join(bin, 'gh'),
      `#!/usr/bin/env node
const fs = require('fs');
const log = ${JSON.stringify(log)};
const args = process.argv.slice(2);
const i = args.indexOf('--body-file');
const body = i >= 0 ? fs.readFileSync(args[i + 1], 'utf8') : null;
fs.appendFileSync(log, JSON.stringify({ args, body }) + '\\n');
if (args[0] === 'issue' && args[1] === 'list') {
  const titles = fs.readFileSync(log, 'utf8').split('\\n').filter(Boolean).map((l) => JSON.parse(l)).filter((c) => c.args[1] === 'create').map((c) => ({ title: c.args[3] }));
  console.log(JSON.stringify(titles));
}
`,
    );
    chmodSync(join(bin, 'gh'), 0o755);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` };
    const run = () => cli(['--data-dir', data, 'findings', 'latest', '--tracker', 'gh'], { lockDir, env });
    const first = await run();
    expect(first.code, first.stderr).toBe(0);
    const calls = () =>
      readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { args: string[]; body: string | null });
    const c1 = calls();
    expect(c1[0].args.slice(0, 2)).toEqual(['issue', 'list']);
    expect(c1[1].args).toEqual(['label', 'create', 'perf', '--force']);
    const creates = c1.filter((c) => c.args[1] === 'create' && c.args[0] === 'issue');
    expect(creates).toHaveLength(report.issues.length);
    for (const c of creates) {
      expect(c.args[2]).toBe('--title');
      expect(c.args[3]).toMatch(/^perf: /);
      expect(c.args.slice(-2)).toEqual(['--label', 'perf']);
      expect(c.body).toMatch(/^## Problem\n/);
    }
    expect((await run()).code).toBe(0);
    expect(
      calls()
        .slice(c1.length)
        .map((c) => c.args.slice(0, 2).join(' ')),
    ).toEqual(['issue list']);
  });

  it('--tracker bd without bd on PATH lists the findings, says so and exits 3', async () => {
    const empty = tempDir();
    const r = await cli(['--data-dir', data, 'findings', 'latest', '--tracker', 'bd'], { lockDir, env: { ...process.env, PATH: empty } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('`bd` was not found on PATH');
    expect(r.stderr).toMatch(/perf: /);
  });
});
