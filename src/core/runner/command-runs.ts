// Whole-program runs (`perflab run --main ./cmd/tool [--args 'ARGS'] [--stdin FILE] [--warmup N]`):
// each main package is built once per column (main-build.ts, the test binaries' cache and
// -trimpath rules), then every (command, args) pair runs --count times, rounds interleaved
// across the columns in an order that rotates, in the package's module directory, through the
// run's launcher (wait4 rusage). Each run is stored as one result named after the command
// (`Cmd/tool`, `Cmd/tool/args=2` when several --args are given) with the units sec/op (wall
// time as the launcher measured it), user-sec/op, sys-sec/op and peak-RSS-B; its stdout is
// kept in the run's directory. A non-zero exit fails the cell with the tail of its stderr and
// leaves it out of later rounds. --warmup runs come first and are not stored as results.
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../../shared/errors.js';
import type { RunSpec } from '../../shared/models.js';
import { checkRegularFile, MiB } from '../fs/safe-read.js';
import type { LaunchResult } from '../proc/launcher.js';
import { addProcessUsage } from '../store/process-usage.js';
import { insertResults, type StoredMetric } from '../store/results.js';
import { addFailure } from '../store/runs.js';
import { exitText, usageFields } from './bench-process.js';
import { processWallTimeoutMs } from './durations.js';
import type { MainBinary } from './main-build.js';
import type { Column } from './columns.js';
import type { CaptureContext } from './profile-capture.js';
import type { RunDeps } from './run-deps.js';
import { splitArgs } from './split-args.js';

const MAX_OUTPUT = 64 << 20;
const STDERR_TAIL_LINES = 20;

/** One command of the axis: a main package with one argument string. */
export interface Command {
  /** The stored benchmark name, with the Benchmark prefix the store keeps (`BenchmarkCmd/tool`). */
  readonly name: string;
  readonly main: string;
  readonly args: readonly string[];
  readonly argsText: string;
}

/** Checks the command options of a run spec before it is queued: InvalidInput naming what is wrong. */
export async function validateCommandSpec(spec: RunSpec): Promise<void> {
  const main = spec.main ?? [];
  if (!main.length) {
    if (spec.commandsOnly) fail('InvalidInput', { field: 'main', value: '' }, 'a run of commands only needs at least one main package');
    if (spec.args?.length) fail('InvalidInput', { field: 'args', value: spec.args[0] }, '--args applies to --main commands');
    if (spec.stdin) fail('InvalidInput', { field: 'stdin', value: spec.stdin }, '--stdin applies to --main commands');
    return;
  }
  for (const a of spec.args ?? []) splitArgs(a);
  if (spec.stdin) await checkRegularFile(spec.stdin, { maxBytes: 1024 * MiB, shownPath: spec.stdin });
}

/** The command axis: every main with every argument string (none: no arguments). */
export function commandsOf(spec: RunSpec): Command[] {
  const mains = spec.main ?? [];
  const argTexts = spec.args?.length ? spec.args : [''];
  const last = (m: string) =>
    m
      .replace(/\/+$/, '')
      .split('/')
      .filter((p) => p && p !== '.')
      .pop() ?? 'main';
  const short = new Map<string, number>();
  for (const m of mains) short.set(last(m), (short.get(last(m)) ?? 0) + 1);
  const out: Command[] = [];
  for (const m of mains) {
    // The package's last path element; the whole relative path when two mains share it.
    const base = short.get(last(m))! > 1 ? m.replace(/^\.\//, '').replace(/\/+$/, '') : last(m);
    argTexts.forEach((a, i) => {
      const name = `BenchmarkCmd/${base.replace(/\s/g, '_')}${argTexts.length > 1 ? `/args=${i + 1}` : ''}`;
      out.push({ name, main: m, args: splitArgs(a), argsText: a });
    });
  }
  return out;
}

export interface CommandRunsOutcome {
  results: number;
  failedCells: number;
}

/** Runs the command axis: warmups, then --count interleaved rounds; stores results and failures. */
/** The run's context for command runs: the built mains per column, the -cpu value results are stored with. */
export type CommandContext = CaptureContext & {
  readonly mains: ReadonlyMap<number, ReadonlyMap<string, MainBinary>>;
  readonly cpu: number;
};

export async function runCommands(deps: RunDeps, c: CommandContext): Promise<CommandRunsOutcome> {
  const outcome: CommandRunsOutcome = { results: 0, failedCells: 0 };
  const launcher = c.launcher;
  if (!launcher?.alive) {
    const output = 'whole-program runs need the launcher (wait4 rusage), which this run does not have';
    fail('ToolFailed', { command: 'launcher', exitCode: null, output });
  }
  const commands = commandsOf(c.spec);
  for (const cmd of commands) {
    if (cmd.argsText || commands.length > 1) c.notes.push(`${shown(cmd)}: ${cmd.main}${cmd.argsText ? ` ${cmd.argsText}` : ''}`);
  }
  if (c.spec.stdin) c.notes.push(`commands read standard input from ${c.spec.stdin}`);
  const warm = c.spec.warmup ? `, after ${c.spec.warmup} warmup runs each (not stored)` : '';
  c.notes.push(
    `commands: ${commands.length} x ${c.columns.length} columns x ${c.spec.count} rounds, interleaved${warm}; ` +
      'sec/op is wall time, user-sec/op and sys-sec/op the CPU time of the command process, ' +
      'peak-RSS-B its ru_maxrss (the largest single process, not a sum over its tree)',
  );
  const dir = join(deps.paths.runs, String(c.runId), 'commands');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const failed = new Set<string>();
  let seq = 0;
  const total = commands.length * c.columns.length * c.spec.count;
  let done = 0;
  const t0 = Date.now();
  const once = async (col: Column, cmd: Command, round: number): Promise<{ r: LaunchResult; stderr: string } | null> => {
    const bin = c.mains.get(col.index)?.get(cmd.main);
    if (!bin) return null;
    const base = join(dir, String(++seq).padStart(5, '0'));
    const handle = launcher.run({
      file: bin.binary,
      args: cmd.args,
      cwd: col.moduleDir,
      env: col.benchEnv,
      stdout: `${base}.out`,
      stderr: `${base}.err`,
      ...(c.spec.stdin ? { stdin: c.spec.stdin } : {}),
      maxOutputBytes: MAX_OUTPUT,
      timeoutMs: processWallTimeoutMs(c.spec.timeout),
    });
    const onAbort = () => handle.kill('canceled');
    c.signal.addEventListener('abort', onAbort);
    const r = await handle.done;
    c.signal.removeEventListener('abort', onAbort);
    addProcessUsage(deps.store.db, c.runId, col.runRefId, {
      pkg: bin.importPath,
      purpose: round === 0 ? 'command-warmup' : 'command',
      round,
      benchtime: '1x',
      benchmarks: [cmd.name],
      ...usageFields(r),
    });
    const stderr = existsSync(`${base}.err`) ? tail(readFileSync(`${base}.err`, 'utf8')) : '';
    return { r, stderr };
  };
  for (const col of c.columns) {
    for (const cmd of commands) {
      for (let w = 0; w < (c.spec.warmup ?? 0) && !c.signal.aborted; w++) await once(col, cmd, 0);
    }
  }
  for (let round = 1; round <= c.spec.count && !c.signal.aborted; round++) {
    const cols = c.columns.map((_, i) => c.columns[(i + round - 1) % c.columns.length]);
    for (const col of cols) {
      for (const cmd of commands) {
        if (c.signal.aborted) break;
        const key = `${col.index}\0${cmd.name}`;
        const etaMs = done ? Math.round(((Date.now() - t0) / done) * (total - done)) : null;
        const current = { refLabel: col.label, pkg: cmd.main, round, benchtime: '1x', bench: cmd.name };
        c.setProgress({ phase: 'bench', done, total, etaMs, current });
        if (!failed.has(key)) {
          const got = await once(col, cmd, round);
          if (got && !c.signal.aborted) store(deps, c, col, cmd, round, got, outcome, () => failed.add(key));
        }
        done++;
      }
    }
  }
  return outcome;
}

function tail(text: string): string {
  return text.trimEnd().split('\n').slice(-STDERR_TAIL_LINES).join('\n');
}

/** The command name as compare shows it (`Cmd/tool`). */
function shown(cmd: Command): string {
  return cmd.name.slice('Benchmark'.length);
}

function store(
  deps: RunDeps,
  c: CommandContext,
  col: Column,
  cmd: Command,
  round: number,
  got: { r: LaunchResult; stderr: string },
  outcome: CommandRunsOutcome,
  markFailed: () => void,
): void {
  const bin = c.mains.get(col.index)!.get(cmd.main)!;
  const { r, stderr } = got;
  const ok = r.exit.kind === 'exited' && r.exit.exitCode === 0 && r.usage && r.wallSec !== null;
  if (!ok) {
    const how = r.spawnError !== undefined ? `could not start: ${r.spawnError}` : exitText(r);
    const message = `${shown(cmd)} ${how}${stderr ? `: ${stderr}` : ''}`;
    const kind = r.exit.kind === 'killed' ? 'timeout' : 'fail';
    addFailure(deps.store.db, c.runId, col.runRefId, { pkg: bin.importPath, name: cmd.name, benchtime: '1x', round, kind, message });
    c.log(`${shown(cmd)} at ${col.label} (round ${round}) failed: ${message.split('\n')[0]}`);
    outcome.failedCells++;
    markFailed();
    return;
  }
  const u = r.usage!;
  const metric = (unit: string, value: number): StoredMetric => ({ unit, value, rawUnit: unit, rawValue: value });
  outcome.results += insertResults(deps.store.db, c.runId, [
    {
      runRefId: col.runRefId,
      config: { goos: deps.go.goos, goarch: deps.go.goarch, pkg: bin.importPath },
      pkg: bin.importPath,
      name: cmd.name,
      cpu: c.cpu,
      benchtime: '1x',
      iterations: 1,
      round,
      metrics: [
        metric('sec/op', r.wallSec!),
        metric('user-sec/op', u.userSec),
        metric('sys-sec/op', u.sysSec),
        metric('peak-RSS-B', u.maxRssBytes),
      ],
    },
  ]);
  deps.emit({
    type: 'run-result',
    runId: c.runId,
    refLabel: col.label,
    pkg: bin.importPath,
    name: cmd.name,
    cpu: c.cpu,
    round,
    secPerOp: r.wallSec!,
  });
}
