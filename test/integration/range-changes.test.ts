// Which commit: `run --range A..B` measures A and every first-parent commit up to B (each built
// once, rounds interleaved across the commits), and `changes` finds where the series steps.
// The history is a checksum package: eight commits after the first, one of which makes Sum
// do a second pass over its input (about 2x slower); the others touch comments, a README and
// unrelated code. The user's HEAD, index and working tree stay as they were.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { commitAll, fixtureRepo, git, tempDir } from '../helpers/fixture-repo.js';

function edit(file: string, from: string, to: string): void {
  const s = readFileSync(file, 'utf8');
  if (!s.includes(from)) throw new Error(`fixture edit: ${JSON.stringify(from)} not in ${file}`);
  writeFileSync(file, s.replace(from, to));
}

describe('range runs and change points', () => {
  it('finds the one commit that slowed Sum, and nothing else', async () => {
    const repo = fixtureRepo('recordsum');
    const src = join(repo.module, 'adler', 'adler.go');
    const first = git(repo.root, 'rev-parse', 'HEAD').trim();
    edit(src, '// Sum returns the checksum of data.', '// Sum returns the checksum of data. The zero-length input sums to 1.');
    commitAll(repo.root, 'adler: document Sum of empty input');
    writeFileSync(join(repo.root, 'README.md'), '# checksum\n\nAdler-32 checksums for framed records.\n');
    commitAll(repo.root, 'add README');
    edit(src, '\tif len(rec) < 8 {', '\tif len(rec) < 8 || rec[0] > 0x7f {');
    commitAll(repo.root, 'adler: reject records with the high length bit set');
    edit(
      src,
      '\treturn b<<16 | a\n}',
      '\tsum := b<<16 | a\n\tif verify(orig) != sum {\n\t\tpanic("adler: checksum changed under us")\n\t}\n\treturn sum\n}\n\n// verify recomputes the checksum in one pass, to catch torn reads of shared buffers.\nfunc verify(data []byte) uint32 {\n\ta, b := uint32(1), uint32(0)\n\tfor _, c := range data {\n\t\ta = (a + uint32(c)) % mod\n\t\tb = (b + a) % mod\n\t}\n\treturn b<<16 | a\n}',
    );
    edit(
      src,
      '\ta, b := uint32(1), uint32(0)\n\tfor len(data) > 0 {',
      '\torig := data\n\ta, b := uint32(1), uint32(0)\n\tfor len(data) > 0 {',
    );
    const slow = commitAll(repo.root, 'adler: verify every checksum against a second pass');
    edit(
      src,
      '// ParseHeader reads the 8-byte header at the start of rec.',
      '// ParseHeader reads the 8-byte big-endian header at the start of rec.',
    );
    commitAll(repo.root, 'adler: say the header is big-endian');
    writeFileSync(
      join(repo.module, 'adler', 'combine.go'),
      'package adler\n\n// Combine returns the larger of two record lengths.\nfunc Combine(a, b Header) uint32 {\n\tif a.Length > b.Length {\n\t\treturn a.Length\n\t}\n\treturn b.Length\n}\n',
    );
    commitAll(repo.root, 'adler: add Combine');
    edit(src, 'func ParseHeader(rec []byte) (Header, error) {', 'func ParseHeader(record []byte) (Header, error) {\n\trec := record');
    commitAll(repo.root, 'adler: name the record parameter');
    writeFileSync(join(repo.root, 'README.md'), '# checksum\n\nAdler-32 checksums for framed records, and their headers.\n');
    const last = commitAll(repo.root, 'README: mention headers');
    const status = git(repo.root, 'status', '--porcelain');

    const data = tempDir('perflab-range-');
    const c = (...a: string[]) => cli(['--data-dir', data, ...a]);
    expect((await c('repo', 'add', repo.module, '--trust')).code).toBe(0);
    const run = await c(
      'run',
      '--repo',
      repo.module,
      '--range',
      `${first.slice(0, 9)}..main`,
      '--bench',
      '^BenchmarkSum$',
      '--count',
      '4',
      '--benchtime',
      '300x',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('9 commits');
    const shown = JSON.parse((await c('show', 'latest', '--format', 'json')).stdout) as { run: { refs: { sha: string }[] } };
    const expected = [first, ...git(repo.root, 'rev-list', '--first-parent', '--reverse', `${first}..${last}`).split('\n').filter(Boolean)];
    expect(shown.run.refs.map((r) => r.sha)).toEqual(expected);
    expect(expected).toHaveLength(9);

    const r = await c('changes', 'latest', '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      changes: {
        bench: string;
        unit: string;
        sha: string;
        subject: string;
        delta: number;
        lo: number | null;
        hi: number | null;
        p: number;
        regression: boolean | null;
      }[];
    };
    const time = report.changes.filter((x) => x.unit === 'sec/op');
    expect(time, JSON.stringify(report.changes)).toHaveLength(1);
    expect(time[0].sha).toBe(slow);
    expect(time[0].sha).toMatch(/^[0-9a-f]{40}$/);
    expect(time[0].subject).toBe('adler: verify every checksum against a second pass');
    expect(time[0].delta).toBeGreaterThan(40);
    expect(time[0].regression).toBe(true);
    const text = await c('changes', 'latest', '--unit', 'sec/op');
    expect(text.stdout).toContain(slow.slice(0, 12));
    expect(text.stdout).toContain('(worse)');

    expect(git(repo.root, 'rev-parse', 'HEAD').trim()).toBe(last);
    expect(git(repo.root, 'status', '--porcelain')).toBe(status);
    repo.cleanup();
  });

  it('refuses what is not a range, and --every without --range', async () => {
    const repo = fixtureRepo('recordsum');
    const data = tempDir('perflab-range-');
    const c = (...a: string[]) => cli(['--data-dir', data, ...a]);
    expect((await c('repo', 'add', repo.module, '--trust')).code).toBe(0);
    const bad = await c('run', '--repo', repo.module, '--range', 'main', '--bench', 'Sum');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"main"');
    expect((await c('run', '--repo', repo.module, '--every', '2')).code).toBe(2);
    const empty = await c('run', '--repo', repo.module, '--range', 'main..main');
    expect(empty.code).toBe(2);
    repo.cleanup();
  });
});
