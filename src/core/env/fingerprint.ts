// The Environment recorded with every run (issue 5 item 4): which machine, OS, CPU, memory,
// Go and settings produced the numbers, plus the conditions that make them noisy (governor,
// turbo, battery, load). machine.ts reads the facts; warnings.ts judges them.
import os from 'node:os';
import type { Environment } from '../../shared/models.js';
import { onBatteryFrom, readCpuInfoModel, readGovernor, readOsRelease, readPowerSupplies, readTurbo, type MachineRoot } from './machine.js';
import { environmentWarnings, type EnvironmentThresholds } from './warnings.js';

export interface FingerprintInput {
  readonly goVersion: string;
  readonly goos: string;
  readonly goarch: string;
  /** The environment every go process got (the allowlisted part of `go env` plus run settings). */
  readonly goEnv: Record<string, string>;
  readonly gomaxprocs: number;
  readonly perflabVersion: string;
}

export interface FingerprintOptions {
  /** Root of sysfs/procfs/etc (default '/'); tests point it at a directory tree. */
  readonly root?: string;
  readonly thresholds?: EnvironmentThresholds;
}

/** Reads the machine now (before a run) and returns its Environment with warnings. */
export async function fingerprint(o: FingerprintInput, opts: FingerprintOptions = {}): Promise<Environment> {
  const m: MachineRoot = { root: opts.root ?? '/' };
  const cpus = os.cpus();
  const cpuModel = (await readCpuInfoModel(m)) ?? cpus[0]?.model?.trim() ?? '';
  const cpuCount = cpus.length > 0 ? cpus.length : os.availableParallelism();
  const base: Environment = {
    perflabVersion: o.perflabVersion,
    goVersion: o.goVersion,
    goos: o.goos,
    goarch: o.goarch,
    hostname: os.hostname(),
    os: (await readOsRelease(m)) ?? `${os.type()} ${os.release()}`,
    kernel: `${os.type()} ${os.release()} ${os.version()}`.trim(),
    cpuModel,
    cpuCount,
    gomaxprocs: o.gomaxprocs,
    memoryBytes: os.totalmem(),
    governor: await readGovernor(m),
    turbo: await readTurbo(m),
    onBattery: onBatteryFrom(await readPowerSupplies(m)),
    loadBefore: process.platform === 'win32' ? [] : os.loadavg().map((x) => Math.round(x * 100) / 100),
    loadAfter: null,
    goEnv: { ...o.goEnv },
    warnings: [],
  };
  return { ...base, warnings: environmentWarnings(base, opts.thresholds) };
}

/** The Environment with the load average read after the run (and its warnings recomputed). */
export function withLoadAfter(env: Environment, thresholds?: EnvironmentThresholds): Environment {
  const loadAfter = process.platform === 'win32' ? null : os.loadavg().map((x) => Math.round(x * 100) / 100);
  const next = { ...env, loadAfter };
  return { ...next, warnings: environmentWarnings(next, thresholds) };
}
