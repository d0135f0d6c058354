// Compiler evidence on a real module with two commits: test/fixtures/wordfreq, then the
// second commit (test/fixtures/wordfreq-next) makes the hot isWordByte too big to inline
// (cost 83 > 80) and lets Add's local word buffer escape (its words go to an io.Writer). A run
// with CPU profiles of both refs; `findings --compiler-diff` must name both changes at their
// lines, the notes must be built once per commit (cached in the data dir), and the findings
// must carry the compiler's notes of the profiled commit.
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tryMachineLock } from '../../src/core/runner/machine-lock.js';
import type { CompilerDiffReport, FindingsReport } from '../../src/shared/profile-types.js';
import { cli, type CliResult } from '../helpers/cli.js';
import { commitAll, FIXTURES, fixtureRepo, git, tempDir } from '../helpers/fixture-repo.js';

const FILE = 'wordfreq/wordfreq.go';

function lineOf(text: string): number {
  const lines = readFileSync(join(FIXTURES, 'wordfreq-next', FILE), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`${text} not in ${FILE}`);
  return i + 1;
}

function notesFiles(data: string): string[] {
  const bin = join(data, 'bin');
  return readdirSync(bin).flatMap((d) => readdirSync(join(bin, d)).filter((f) => f.endsWith('.notes.json')));
}

let repo: ReturnType<typeof fixtureRepo>;
let data: string, lockDir: string;
let p: (...a: string[]) => Promise<CliResult>;

beforeAll(async () => {
  repo = fixtureRepo('wordfreq');
  git(repo.root, 'branch', 'before');
  cpSync(join(FIXTURES, 'wordfreq-next'), repo.module, { recursive: true });
  commitAll(repo.root, 'wordfreq: keep hyphenated words, handles and UTF-8 letters whole; Counter.Echo');
  data = tempDir();
  lockDir = tempDir();
  p = (...a: string[]) => cli(['--data-dir', data, ...a], { lockDir });
  expect((await p('repo', 'add', repo.module, '--trust')).code).toBe(0);
  const r = await p(
    'run',
    '--repo',
    repo.module,
    '--ref',
    'before',
    '--ref',
    'main',
    '--count',
    '1',
    '--benchtime',
    '100ms',
    '--profile',
    'cpu',
    '--profile-benchtime',
    '1s',
    '--json',
  );
  expect(r.code, r.stderr).toBe(0);
}, 240_000);

afterAll(() => repo?.cleanup());

describe('compiler evidence', () => {
  it('--compiler-diff names the function no longer inlined and the local that now escapes, at their lines', async () => {
    const t = await p('findings', 'latest', '--compiler-diff');
    expect(t.code, t.stderr).toBe(0);
    const decl = lineOf('func isWordByte(c byte) bool');
    const word = lineOf('var word [MaxWord]byte');
    expect(t.stdout).toContain(
      `${FILE}:${decl}: isWordByte: no longer inlined (cannot inline isWordByte: function too complex: cost 83 exceeds budget 80; was: can inline isWordByte with cost 28)`,
    );
    expect(t.stdout).toContain(`${FILE}:${word}: (*Counter).Add: now escapes (moved to heap: word)`);

    const j = await p('findings', 'latest', '--compiler-diff', '--json');
    const d = JSON.parse(j.stdout) as CompilerDiffReport;
    expect(d).toMatchObject({ base: 'before', head: 'main', unavailable: null });
    expect(d.hotFunctions).toBeGreaterThan(0);
    expect(d.changes).toContainEqual(
      expect.objectContaining({ change: 'no longer inlined', function: 'isWordByte', location: `${FILE}:${decl}`, at: 'head' }),
    );
    expect(d.changes).toContainEqual({
      change: 'now escapes',
      function: '(*Counter).Add',
      location: `${FILE}:${word}`,
      at: 'head',
      text: 'moved to heap: word',
    });
    // Swapped, the same decisions read the other way.
    const back = JSON.parse(
      (await p('findings', 'latest', '--compiler-diff', '--json', '--base', 'main', '--head', 'before')).stdout,
    ) as CompilerDiffReport;
    expect(back.changes).toContainEqual(expect.objectContaining({ change: 'now inlined', function: 'isWordByte' }));
    expect(back.changes).toContainEqual(
      expect.objectContaining({ change: 'no longer escapes', function: '(*Counter).Add', text: 'moved to heap: word', at: 'base' }),
    );
    // One build per commit, kept in the data dir: the three calls built two.
    expect(notesFiles(data)).toHaveLength(2);
  });

  it('attaches what the compiler says about each finding of the profiled commit', async () => {
    const r = await p('findings', 'latest', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as FindingsReport;
    expect(rep.compiler).toMatchObject({ ref: 'main', unavailable: null });
    expect(rep.compiler!.command).toContain('-gcflags=example.com/wordfreq/...=-m=2 -d=ssa/check_bce/debug=1');
    expect(rep.findings.length, rep.markdown).toBeGreaterThan(0);
    for (const f of rep.findings) {
      expect(f.compiler.length, `${f.location} ${f.function}`).toBeGreaterThan(0);
      for (const n of f.compiler) expect(n.location).toMatch(/^wordfreq\/wordfreq\.go:\d+$/);
    }
    expect(rep.findings.flatMap((f) => f.compiler.map((n) => n.text))).toContainEqual(
      expect.stringMatching(/^(can|cannot) inline \(\*Counter\)\./),
    );
    expect(rep.markdown).toContain('What the compiler says');
    expect(notesFiles(data)).toHaveLength(2);
  });

  it('builds no notes while another task holds the machine, and says so', async () => {
    const bin = join(data, 'bin');
    for (const d of readdirSync(bin)) for (const f of readdirSync(join(bin, d))) if (f.endsWith('.notes.json')) rmSync(join(bin, d, f));
    const taken = tryMachineLock({ lockDir, holder: { pid: process.pid, runId: 42, dataDir: data, since: new Date().toISOString() } });
    expect(taken.lock).not.toBeNull();
    try {
      const r = await p('findings', 'latest', '--compiler-diff');
      expect(r.code).toBe(3);
      expect(r.stdout).toContain('a benchmark run holds the machine (run 42)');
      const f = JSON.parse((await p('findings', 'latest', '--format', 'json')).stdout) as FindingsReport;
      expect(f.compiler?.unavailable).toMatch(/holds the machine/);
      expect(notesFiles(data)).toHaveLength(0);
    } finally {
      taken.lock!.release();
    }
    expect((await p('findings', 'latest', '--compiler-diff')).code).toBe(0);
  });
});
