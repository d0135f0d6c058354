// Statistical bisect on a real history (real go, real git): a checksum package with nine
// commits after the first; one makes Sum do a second pass over its input (about 2x slower),
// one does not compile (the next fixes it), the others touch comments, a README and unrelated
// code. bisect names the slow commit within ceil(log2 n) + 2 measurement steps, skips the
// broken one with a note, builds each commit once, and leaves the user's HEAD, index,
// working tree and stash as they were. When only a broken commit lies before the slow one, it
// reports the interval instead of guessing (exit 4). Bisects are stored: `bisect list` and
// `bisect show` read them from another process, and one whose process was killed mid-way
// reads as interrupted.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BisectReport } from '../../src/shared/bisect-types.js';
import { bisectText } from '../../src/core/workflow/bisect-text.js';
import { cli, spawnCli } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';
import { commitAll, fixtureRepo, git, tempDir } from '../helpers/fixture-repo.js';

function edit(file: string, from: string, to: string): void {
  const s = readFileSync(file, 'utf8');
  if (!s.includes(from)) throw new Error(`fixture edit: ${JSON.stringify(from)} not in ${file}`);
  writeFileSync(file, s.replace(from, to));
}

interface History {
  repo: ReturnType<typeof fixtureRepo>;
  first: string;
  shas: string[];
  slow: string;
  broken: string;
  fast: string;
}

function history(): History {
  const repo = fixtureRepo('recordsum');
  const src = join(repo.module, 'adler', 'adler.go');
  const combine = join(repo.module, 'adler', 'combine.go');
  const first = git(repo.root, 'rev-parse', 'HEAD').trim();
  const shas: string[] = [];
  edit(src, '// Sum returns the checksum of data.', '// Sum returns the checksum of data. The zero-length input sums to 1.');
  shas.push(commitAll(repo.root, 'adler: document Sum of empty input'));
  writeFileSync(join(repo.root, 'README.md'), '# checksum\n\nAdler-32 checksums for framed records.\n');
  shas.push(commitAll(repo.root, 'add README'));
  edit(src, '\tif len(rec) < 8 {', '\tif len(rec) < 8 || rec[0] > 0x7f {');
  shas.push(commitAll(repo.root, 'adler: reject records with the high length bit set'));
  writeFileSync(
    combine,
    'package adler\n\n// Combine returns the larger of two record lengths.\nfunc Combine(a, b Header) uint32 {\n' +
      '\tif a.Length > b.Length {\n\t\treturn a.Length\n\t}\n\treturn b.Len\n}\n',
  );
  const broken = commitAll(repo.root, 'adler: add Combine');
  shas.push(broken);
  edit(combine, '\treturn b.Len\n', '\treturn b.Length\n');
  shas.push(commitAll(repo.root, 'adler: fix the build of Combine'));
  edit(
    src,
    'func Sum(data []byte) uint32 {\n',
    'func Sum(data []byte) uint32 {\n\tsum := checksum(data)\n\tif checksum(data) != sum {\n' +
      '\t\tpanic("adler: checksum changed under us")\n\t}\n\treturn sum\n}\n\n' +
      '// checksum is one pass of Adler-32 over data.\nfunc checksum(data []byte) uint32 {\n',
  );
  const slow = commitAll(repo.root, 'adler: verify every checksum against a second pass');
  shas.push(slow);
  edit(
    src,
    '// ParseHeader reads the 8-byte header at the start of rec.',
    '// ParseHeader reads the 8-byte big-endian header at the start of rec.',
  );
  shas.push(commitAll(repo.root, 'adler: say the header is big-endian'));
  edit(src, 'func ParseHeader(rec []byte) (Header, error) {', 'func ParseHeader(record []byte) (Header, error) {\n\trec := record');
  shas.push(commitAll(repo.root, 'adler: name the record parameter'));
  writeFileSync(join(repo.root, 'README.md'), '# checksum\n\nAdler-32 checksums for framed records, and their headers.\n');
  shas.push(commitAll(repo.root, 'README: mention headers'));
  // After the range bisected: the second pass goes again (about 2x faster than its parent).
  edit(src, '\tif checksum(data) != sum {', '\tif debugVerify && checksum(data) != sum {');
  edit(
    src,
    'const mod = 65521',
    'const mod = 65521\n\n// debugVerify turns on the second pass over every checksummed input.\nconst debugVerify = false',
  );
  const fast = commitAll(repo.root, 'adler: verify only in debug builds');
  return { repo, first, shas, slow, broken, fast };
}

/** Everything of the user's checkout bisect must leave alone. */
function checkout(root: string): Record<string, string> {
  return {
    head: git(root, 'rev-parse', 'HEAD'),
    branch: git(root, 'symbolic-ref', 'HEAD'),
    status: git(root, 'status', '--porcelain'),
    diff: git(root, 'diff'),
    cached: git(root, 'diff', '--cached'),
    stash: git(root, 'stash', 'list'),
    stashTop: git(root, 'rev-parse', 'stash@{0}'),
    worktrees: git(root, 'worktree', 'list', '--porcelain')
      .split('\n')
      .filter((l) => l.startsWith('worktree '))
      .slice(0, 1)
      .join('\n'),
  };
}

describe('statistical bisect', () => {
  it('names the slow commit, skips the one that does not build, and leaves the checkout alone', async () => {
    const h = history();
    const root = h.repo.root;
    // The user's own state: a stash, a staged file and an unstaged edit.
    writeFileSync(join(root, 'README.md'), '# checksum\n\nwork in progress\n');
    git(root, 'stash', 'push', '-q', '-m', 'wip readme');
    writeFileSync(join(root, 'NOTES.md'), 'staged notes\n');
    git(root, 'add', 'NOTES.md');
    writeFileSync(join(root, 'README.md'), '# checksum\n\nunstaged edit\n');
    const before = checkout(root);

    const data = tempDir('perflab-bisect-');
    const c = (...a: string[]) => cli(['--data-dir', data, ...a]);
    expect((await c('repo', 'add', h.repo.module, '--trust')).code).toBe(0);
    const r = await c(
      'bisect',
      '--repo',
      h.repo.module,
      '--good',
      h.first.slice(0, 10),
      '--bad',
      h.shas[h.shas.length - 1],
      '--bench',
      '^BenchmarkSum$',
      '--count',
      '8',
      '--max-count',
      '24',
      '--benchtime',
      '2000x',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as BisectReport;
    const n = h.shas.length;
    expect(report.commits.map((x) => x.sha)).toEqual(h.shas);
    expect(report.status).toBe('found');
    expect(report.firstBad?.sha).toBe(h.slow);
    expect(report.firstBad?.subject).toBe('adler: verify every checksum against a second pass');
    expect(report.steps.length, report.steps.map((s) => `${s.sha.slice(0, 8)} ${s.state}`).join('; ')).toBeLessThanOrEqual(
      Math.ceil(Math.log2(n)) + 2,
    );
    expect(report.steps[0].kind).toBe('confirm');
    expect(report.steps[0].state).toBe('worse');
    const skipped = report.steps.filter((s) => s.state === 'skipped');
    expect(skipped.map((s) => s.sha)).toEqual([h.broken]);
    expect(skipped[0].note).toContain('does not build');
    expect(report.skipped.map((s) => s.sha)).toEqual([h.broken]);
    expect(r.stderr).toContain('does not build');
    for (const s of report.steps.filter((x) => x.kind === 'candidate' && x.state !== 'skipped')) {
      const i = h.shas.indexOf(s.sha);
      expect(s.state, s.sha).toBe(i >= h.shas.indexOf(h.slow) ? 'like bad' : 'like good');
    }
    const ev = report.evidence!;
    expect(ev.before.sha).toBe(h.shas[h.shas.indexOf(h.slow) - 1]);
    expect(ev.goodVsFirstBad).toHaveLength(1);
    expect(ev.goodVsFirstBad[0].deltaPct).toBeGreaterThan(40);
    expect(ev.beforeVsFirstBad[0].deltaPct).toBeGreaterThan(40);
    expect(ev.beforeVsFirstBad[0].loPct).toBeGreaterThan(0);
    expect(report.reproduce.some((x) => x.startsWith('perflab run ') && x.includes(h.slow.slice(0, 12)))).toBe(true);

    const text = bisectText(report);
    expect(text).toContain(`first bad commit: ${h.slow} adler: verify every checksum against a second pass`);
    expect(text).toContain(`vs first bad ${h.slow.slice(0, 12)}`);
    expect(text).toContain(`skipped ${h.broken.slice(0, 12)} adler: add Combine: does not build`);
    expect(text).toContain('perflab bisect --repo');
    // a first bad commit right after good: the commit before it is good, one table (not the same one twice)
    const direct = bisectText({ ...report, evidence: { ...ev, before: { ...ev.before, sha: report.good.sha } } });
    expect(direct).toContain(`(the commit before it is good ${report.good.sha.slice(0, 12)})`);
    expect(direct.match(/vs first bad/g)).toHaveLength(1);

    // Each commit compiled once across the bisect's runs (the failed build stores no binary).
    const built = new Map<string, number>();
    for (const s of report.steps.filter((x) => x.runId !== null && x.state !== 'skipped')) {
      const shown = JSON.parse((await c('show', String(s.runId), '--format', 'json')).stdout) as {
        run: { refs: { label: string; sha: string }[]; builds: { refLabel: string; reused: boolean }[] };
      };
      for (const b of shown.run.builds) {
        const sha = shown.run.refs.find((x) => x.label === b.refLabel)!.sha;
        if (!b.reused) built.set(sha, (built.get(sha) ?? 0) + 1);
      }
    }
    expect(
      [...built.values()].every((k) => k === 1),
      JSON.stringify([...built]),
    ).toBe(true);
    expect(built.get(h.first)).toBe(1);
    expect(built.get(h.slow)).toBe(1);

    expect(checkout(root)).toEqual(before);

    // A later commit that is about 2x faster than its parent: bad is not worse than good (exit 1).
    const same = await c(
      'bisect',
      '--repo',
      h.repo.module,
      '--good',
      h.slow,
      '--bad',
      h.fast,
      '--bench',
      '^BenchmarkSum$',
      '--count',
      '8',
      '--max-count',
      '16',
      '--benchtime',
      '2000x',
    );
    expect(same.code, same.stderr + same.stdout).toBe(1);
    expect(same.stdout).toContain('not-worse');
    expect(checkout(root)).toEqual(before);

    // Both are stored: another process lists them (newest first) and shows the report as printed.
    const listed = await c('bisect', 'list', '--json');
    expect(listed.code, listed.stderr).toBe(0);
    const all = JSON.parse(listed.stdout) as BisectReport[];
    expect(all.map((x) => x.status)).toEqual(['not-worse', 'found']);
    expect(all[1]).toEqual(report);
    const shown = await c('bisect', 'show', String(report.id));
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toBe(text);
    const table = await c('bisect', 'list');
    expect(table.stdout).toMatch(
      new RegExp(`^${report.id} +found +${h.first.slice(0, 12)}\\.\\.\\S+ +\\^BenchmarkSum\\$ .*${h.slow.slice(0, 12)} adler: verify`, 'm'),
    );
    const missing = await c('bisect', 'show', '99');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no bisect of that id');
    h.repo.cleanup();
  });

  it('reports the interval instead of guessing when only a broken commit lies before the slow one (exit 4)', async () => {
    const repo = fixtureRepo('recordsum');
    const src = join(repo.module, 'adler', 'adler.go');
    const good = git(repo.root, 'rev-parse', 'HEAD').trim();
    edit(
      src,
      'func Sum(data []byte) uint32 {\n',
      'func Sum(data []byte) uint32 {\n\tsum := checksum(data)\n\tif checksum(data) != sum {\n' +
        '\t\tpanic("adler: checksum changed under us")\n\t}\n\treturn sum\n}\n\n' +
        '// checksum is one pass of Adler-32 over data.\nfunc checksum(data []byte) uint32 {\n',
    );
    edit(src, '\treturn sum\n}', '\treturn sum + undefinedOffset\n}');
    const broken = commitAll(repo.root, 'adler: verify every checksum against a second pass');
    edit(src, '\treturn sum + undefinedOffset\n}', '\treturn sum\n}');
    const fixed = commitAll(repo.root, 'adler: fix the build');
    const data = tempDir('perflab-bisect-');
    const c = (...a: string[]) => cli(['--data-dir', data, ...a]);
    expect((await c('repo', 'add', repo.module, '--trust')).code).toBe(0);
    const r = await c(
      'bisect',
      '--repo',
      repo.module,
      '--good',
      good,
      '--bad',
      fixed,
      '--bench',
      '^BenchmarkSum$',
      '--count',
      '8',
      '--max-count',
      '16',
      '--benchtime',
      '2000x',
      '--json',
    );
    expect(r.code, r.stderr).toBe(4);
    const report = JSON.parse(r.stdout) as BisectReport;
    expect(report.status).toBe('undecided');
    expect(report.firstBad).toBeNull();
    expect(report.interval?.map((x) => x.sha)).toEqual([broken, fixed]);
    expect(report.steps.map((x) => x.state)).toEqual(['worse', 'skipped']);
    expect(report.message).toContain('only skipped commits are left');
    expect(bisectText(report)).toContain(`the first bad commit is one of:\n  ${broken.slice(0, 12)} adler: verify every checksum`);
    repo.cleanup();
  });

  it('a bisect whose process is killed mid-way reads as interrupted; its step runs too', async () => {
    const repo = fixtureRepo('recordsum');
    const src = join(repo.module, 'adler', 'adler.go');
    const good = git(repo.root, 'rev-parse', 'HEAD').trim();
    edit(src, '// Sum returns the checksum of data.', '// Sum returns the Adler-32 checksum of data.');
    const bad = commitAll(repo.root, 'adler: name the checksum');
    const data = tempDir('perflab-bisect-');
    const c = (...a: string[]) => cli(['--data-dir', data, ...a]);
    expect((await c('repo', 'add', repo.module, '--trust')).code).toBe(0);
    // Many rounds of a slow-ish benchtime: it is still measuring its first step when killed.
    const args = ['--data-dir', data, 'bisect', '--repo', repo.module, '--good', good, '--bad', bad, '--bench', '^BenchmarkSum$'];
    const run = spawnCli([...args, '--count', '200', '--benchtime', '20000x']);
    await waitFor(() => /step 1: confirming/.test(run.output().stderr), 60_000, 'the first step to start');
    const during = JSON.parse((await c('bisect', 'list', '--json')).stdout) as BisectReport[];
    expect(during.map((x) => x.status)).toEqual(['running']);
    run.child.kill('SIGKILL');
    await run.done;
    const after = await c('bisect', 'show', String(during[0].id), '--json');
    expect(after.code, after.stderr).toBe(0);
    const r = JSON.parse(after.stdout) as BisectReport;
    expect(r.status).toBe('interrupted');
    expect(r.message).toMatch(/the lab process \(pid \d+\) ended while the bisect was running/);
    expect(r.steps.map((x) => [x.kind, x.state, x.note])).toEqual([['confirm', 'undecided', 'interrupted']]);
    const runs = JSON.parse((await c('runs', '--json')).stdout) as { id: number; status: string }[];
    expect(runs.map((x) => [x.id, x.status])).toEqual([[r.steps[0].runId, 'interrupted']]);
    expect((await c('bisect', 'list')).stdout).toMatch(new RegExp(`^${r.id} +interrupted `, 'm'));
    repo.cleanup();
  });

  it('refuses bad input before measuring anything', async () => {
    const h = fixtureRepo('recordsum');
    const src = join(h.module, 'adler', 'adler.go');
    const first = git(h.root, 'rev-parse', 'HEAD').trim();
    edit(src, '// Sum returns the checksum of data.', '// Sum returns the Adler-32 checksum of data.');
    const second = commitAll(h.root, 'adler: name the checksum');
    const data = tempDir('perflab-bisect-');
    const c = (...a: string[]) => cli(['--data-dir', data, ...a]);
    expect((await c('repo', 'add', h.module, '--trust')).code).toBe(0);
    const reversed = await c('bisect', '--repo', h.module, '--good', second, '--bad', first, '--bench', 'Sum');
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toContain('not an ancestor');
    const noBench = await c('bisect', '--repo', h.module, '--good', first, '--bad', second);
    expect(noBench.code).toBe(2);
    expect(noBench.stderr).toContain('--bench is required');
    const badRef = await c('bisect', '--repo', h.module, '--good', '--upload-pack=x', '--bad', second, '--bench', 'Sum');
    expect(badRef.code).toBe(2);
    const runs = JSON.parse((await c('runs', '--json')).stdout) as unknown[];
    expect(runs).toHaveLength(0);
    h.cleanup();
  });
});
