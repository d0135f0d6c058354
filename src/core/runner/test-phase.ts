// The tests of a run (RunSpec.tests): after the timing rounds, the packages that were
// benchmarked run their tests once at the run's last column (`go test -json`, with -race when
// asked), in that column's tree; the outcome is stored per run (store/test-results.ts). A
// failing test never fails the run: its benchmarks were measured; the investigation decides.
import { relative, sep } from 'node:path';
import type { Progress, RunSpec } from '../../shared/models.js';
import { toLabError } from '../../shared/errors.js';
import { goTestJson, type GoTestOutcome } from '../go/go-test-json.js';
import { addTestResult } from '../store/test-results.js';
import type { Column, ColumnPackage } from './columns.js';
import type { RunDeps } from './run-deps.js';

export interface TestPhase {
  readonly runId: number;
  readonly spec: RunSpec;
  readonly column: Column;
  readonly pkgs: ReadonlyMap<string, ColumnPackage>;
  readonly signal: AbortSignal;
  log(line: string): void;
  setProgress(p: Progress): void;
}

export async function runTestPhase(deps: RunDeps, t: TestPhase): Promise<void> {
  const race = t.spec.tests === 'race';
  const packages = [...t.pkgs.keys()].sort();
  if (packages.length === 0) return;
  t.setProgress({
    phase: 'test',
    done: 0,
    total: 1,
    etaMs: null,
    current: { refLabel: t.column.label, pkg: packages.join(' '), round: 0, benchtime: '' },
  });
  t.log(`testing ${packages.join(', ')} at ${t.column.label}${race ? ' with -race' : ''}`);
  const relDirs = packages.map((p) => {
    const rel = relative(t.column.moduleDir, t.pkgs.get(p)!.dir).split(sep).join('/');
    return rel === '' ? '.' : `./${rel}`;
  });
  const started = Date.now();
  let out: GoTestOutcome;
  try {
    out = await goTestJson({
      goBin: deps.go.bin,
      moduleDir: t.column.moduleDir,
      relDirs,
      env: t.column.buildEnv,
      race,
      tags: t.spec.tags || undefined,
      timeout: t.spec.timeout,
      signal: t.signal,
    });
  } catch (err) {
    if (t.signal.aborted) return;
    // go test itself could not be run to its end (its output over the bound, a timeout): the tests did not pass.
    const e = toLabError(err);
    out = {
      passed: false,
      failed: ['(go test)'],
      summary: e.code === 'ToolFailed' ? `${e.message}: ${e.detail.output}`.slice(0, 8192) : e.message,
      packages: packages.length,
    };
  }
  if (t.signal.aborted) return;
  const seconds = (Date.now() - started) / 1000;
  addTestResult(deps.store.db, {
    runId: t.runId,
    runRefId: t.column.runRefId,
    packages,
    race,
    passed: out.passed,
    failed: out.failed,
    summary: out.summary,
    seconds,
  });
  t.log(
    out.passed
      ? `tests passed at ${t.column.label} (${seconds.toFixed(1)} s)`
      : `tests FAILED at ${t.column.label}: ${out.failed.join(', ')}`,
  );
}
