// A finished run's noise warnings name the cell they are about: the same benchmark at two
// -benchtime values, or in two packages, gives two warnings that must not read alike (found on
// golang.org/x/crypto: "BenchmarkChaCha20/64 (HEAD~1): samples vary by 23.6%" and "... 21.4%").
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../src/core/store/open-db.js';
import { addRunRefs, createRun } from '../../../src/core/store/runs.js';
import { insertResults, type NewResult } from '../../../src/core/store/results.js';
import { resultWarnings } from '../../../src/core/runner/run-warnings.js';
import { tempDir } from '../../helpers/fixture-repo.js';

function sample(refId: number, pkg: string, name: string, benchtime: string, round: number, ns: number): NewResult {
  return {
    runRefId: refId,
    config: { goos: 'linux', pkg },
    pkg,
    name,
    cpu: 1,
    benchtime,
    iterations: 1000,
    round,
    metrics: [{ unit: 'sec/op', value: ns * 1e-9, rawUnit: 'ns/op', rawValue: ns }],
  };
}

function run(cells: { pkg: string; name: string; benchtime: string; ns: number[] }[], code = 'noisy') {
  const { db } = openDb(join(tempDir(), 'perflab.db'));
  const runId = createRun(db, { repoId: null, repoPath: '/r', kind: 'measured', label: '', status: 'running', spec: null });
  const [base] = addRunRefs(db, runId, [{ label: 'HEAD~1', name: 'HEAD~1', sha: 'a'.repeat(40), dirty: false, variant: null }]);
  insertResults(
    db,
    runId,
    cells.flatMap((c) => c.ns.map((ns, k) => sample(base.id, c.pkg, c.name, c.benchtime, k + 1, ns))),
  );
  return resultWarnings(db, runId)
    .filter((w) => w.code === code)
    .map((w) => w.message);
}

const noisy = [100, 130, 90, 140, 80];
const quiet = [100, 101, 99, 100, 100];

describe('resultWarnings', () => {
  it('names the -benchtime when the run has several', () => {
    const w = run([
      { pkg: 'golang.org/x/crypto/chacha20', name: 'BenchmarkChaCha20/64', benchtime: '50ms', ns: noisy },
      { pkg: 'golang.org/x/crypto/chacha20', name: 'BenchmarkChaCha20/64', benchtime: '100ms', ns: noisy.map((x) => x * 1.01) },
    ]);
    expect(w).toHaveLength(2);
    expect(w[0]).not.toBe(w[1]);
    expect(w.some((m) => m.startsWith('BenchmarkChaCha20/64 (HEAD~1, -benchtime 50ms): samples vary by'))).toBe(true);
    expect(w.some((m) => m.startsWith('BenchmarkChaCha20/64 (HEAD~1, -benchtime 100ms): samples vary by'))).toBe(true);
  });

  it('names the package when two packages share a benchmark name, and nothing more when one does', () => {
    const w = run([
      { pkg: 'golang.org/x/crypto/blake2b', name: 'BenchmarkSum1K', benchtime: '100ms', ns: noisy },
      { pkg: 'golang.org/x/crypto/blake2s', name: 'BenchmarkSum1K', benchtime: '100ms', ns: noisy },
      { pkg: 'golang.org/x/crypto/blake2s', name: 'BenchmarkWrite64', benchtime: '100ms', ns: noisy },
      { pkg: 'golang.org/x/crypto/blake2s', name: 'BenchmarkSum64', benchtime: '100ms', ns: quiet },
    ]);
    expect(w.map((m) => m.split(':')[0]).sort()).toEqual([
      'BenchmarkWrite64 (HEAD~1)',
      'golang.org/x/crypto/blake2b.BenchmarkSum1K (HEAD~1)',
      'golang.org/x/crypto/blake2s.BenchmarkSum1K (HEAD~1)',
    ]);
  });

  it('says a cell of two speeds falls in two groups, instead of "run more repetitions"', () => {
    // BenchmarkSum on a shared 2-vCPU VM: each process ran at ~11.7µs or at ~22.6µs per op.
    const ns = [
      22190, 23443, 22345, 24108, 24027, 11815, 11532, 12338, 12993, 22282, 23513, 22247, 21441, 22577, 13372, 11448, 22623, 12236, 11187,
      11304, 23291, 11428, 11649, 14708,
    ];
    const cells = [
      { pkg: 'example.com/recordsum/adler', name: 'BenchmarkSum', benchtime: '2000x', ns },
      { pkg: 'example.com/recordsum/adler', name: 'BenchmarkParseHeader', benchtime: '2000x', ns: [...noisy, ...noisy] },
    ];
    expect(run(cells, 'bimodal')).toEqual([
      'BenchmarkSum (HEAD~1): samples fall in two groups, 12 near 11.73µs and 12 near 22.60µs (1.93x apart): each process ran at ' +
        'one of two speeds (outside the code: which core, CPU frequency, a noisy neighbour; or inside it: memory layout, GC timing), ' +
        'so its median can land in either group and more rounds will not settle it: find what switches before trusting a comparison of it',
    ]);
    // The other cell is only noisy, and the bimodal one is not also called noisy.
    expect(run(cells).map((m) => m.split(':')[0])).toEqual(['BenchmarkParseHeader (HEAD~1)']);
  });
});
