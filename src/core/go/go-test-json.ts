// `go test -json -count=1 [-race] ./pkg...`: run packages' tests and read the outcome from
// test2json's event stream: pass/fail, and the names of failing tests (at most MAX_NAMES) with
// a bounded tail of their output. A failing test is an outcome, not a failure of the lab.
import { runGo } from './go-runner.js';

export interface GoTestOptions {
  readonly goBin: string;
  readonly moduleDir: string;
  /** Package dirs relative to moduleDir, as ./rel (from go list). */
  readonly relDirs: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly race: boolean;
  readonly tags?: string;
  /** go test's -timeout (a Go duration). */
  readonly timeout: string;
  readonly signal?: AbortSignal;
}

export interface GoTestOutcome {
  readonly passed: boolean;
  /** `pkg.TestName` of each failing test; `pkg` alone when the package failed outside a test (build error, TestMain). */
  readonly failed: readonly string[];
  /** Failing tests' output, bounded. */
  readonly summary: string;
  readonly packages: number;
}

export const MAX_NAMES = 100;
const SUMMARY_BYTES = 8192;
/** The event stream is read into memory: bounded (a chatty test fails the step, it does not exhaust the lab). */
const MAX_OUTPUT = 64 * 1024 * 1024;

interface TestEvent {
  readonly Action?: string;
  readonly Package?: string;
  readonly Test?: string;
  readonly Output?: string;
}

export function goTestArgs(o: Pick<GoTestOptions, 'relDirs' | 'race' | 'tags' | 'timeout'>): string[] {
  const args = ['test', '-json', '-count=1', `-timeout=${o.timeout}`];
  if (o.race) args.push('-race');
  if (o.tags) args.push(`-tags=${o.tags}`);
  return [...args, ...o.relDirs];
}

export async function goTestJson(o: GoTestOptions): Promise<GoTestOutcome> {
  const r = await runGo(o.goBin, goTestArgs(o), {
    cwd: o.moduleDir,
    env: o.env,
    timeoutMs: 60 * 60_000,
    signal: o.signal,
    expected: 'any',
    maxBuffer: MAX_OUTPUT,
    command: 'go test',
  });
  const out = parseTestEvents(r.stdout);
  if (r.exitCode !== 0 && out.failed.length === 0) {
    // No test event says why (a build error goes to stderr, a bad flag...): the tool's own words.
    return { passed: false, failed: ['(go test)'], summary: (r.stderr || r.stdout).slice(-SUMMARY_BYTES), packages: out.packages };
  }
  return {
    ...out,
    passed: r.exitCode === 0 && out.failed.length === 0,
    summary: (out.summary + (r.exitCode !== 0 ? r.stderr : '')).slice(-SUMMARY_BYTES),
  };
}

/** Failing tests and their output from `go test -json` lines (a line that is not JSON is skipped). */
export function parseTestEvents(text: string): GoTestOutcome {
  const failed: string[] = [];
  const output = new Map<string, string>();
  const packages = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    let e: TestEvent;
    try {
      e = JSON.parse(line) as TestEvent;
    } catch {
      continue;
    }
    const pkg = e.Package ?? '';
    if (pkg) packages.add(pkg);
    const key = e.Test ? `${pkg}.${e.Test}` : pkg;
    if (e.Action === 'output' && e.Output) {
      const prev = output.get(key) ?? '';
      if (prev.length < SUMMARY_BYTES) output.set(key, prev + e.Output);
    } else if (e.Action === 'fail') {
      // A package fails when one of its tests does: name the package alone only when no test of it failed.
      if (e.Test || !failed.some((f) => f.startsWith(`${pkg}.`))) if (failed.length < MAX_NAMES) failed.push(key);
    }
  }
  let summary = '';
  for (const f of failed) {
    if (summary.length >= SUMMARY_BYTES) break;
    summary += `--- ${f}\n${(output.get(f) ?? '').slice(0, 2048)}`;
  }
  return { passed: failed.length === 0, failed, summary: summary.slice(0, SUMMARY_BYTES), packages: packages.size };
}
