// Reading the machine facts that change benchmark numbers: CPU model and count, memory, the
// CPU frequency governor, turbo/boost, power source, load. Each comes from a file the OS
// exposes (Linux sysfs/procfs) or from node:os; a file that is absent or unreadable gives
// null, never an error. fingerprint.ts assembles these into the Environment of a run.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where sysfs/procfs/etc live: '/' on a real machine, a directory tree in tests. */
export interface MachineRoot {
  readonly root: string;
}

async function readTrimmed(path: string): Promise<string | null> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return null;
  }
}

async function list(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/**
 * The scaling governor of every CPU (`cpuN/cpufreq/scaling_governor`): one name when all
 * agree, the distinct names joined by ',' when they differ, null when none is readable.
 */
export async function readGovernor(m: MachineRoot): Promise<string | null> {
  const cpuDir = join(m.root, 'sys/devices/system/cpu');
  const values = new Set<string>();
  for (const name of await list(cpuDir)) {
    if (!/^cpu\d+$/.test(name)) continue;
    const v = await readTrimmed(join(cpuDir, name, 'cpufreq/scaling_governor'));
    if (v) values.add(v);
  }
  return values.size === 0 ? null : [...values].sort().join(',');
}

/**
 * Turbo/boost: 'on' or 'off' from intel_pstate/no_turbo (1 means off) or cpufreq/boost
 * (1 means on, acpi-cpufreq and amd-pstate); null when neither is readable.
 */
export async function readTurbo(m: MachineRoot): Promise<string | null> {
  const cpu = join(m.root, 'sys/devices/system/cpu');
  const noTurbo = await readTrimmed(join(cpu, 'intel_pstate/no_turbo'));
  if (noTurbo === '0' || noTurbo === '1') return noTurbo === '1' ? 'off' : 'on';
  const boost = await readTrimmed(join(cpu, 'cpufreq/boost'));
  if (boost === '0' || boost === '1') return boost === '1' ? 'on' : 'off';
  return null;
}

export interface PowerSupply {
  readonly type: string;
  readonly online: string | null;
  readonly status: string | null;
}

/** The power supplies under /sys/class/power_supply. */
export async function readPowerSupplies(m: MachineRoot): Promise<PowerSupply[]> {
  const dir = join(m.root, 'sys/class/power_supply');
  const out: PowerSupply[] = [];
  for (const name of await list(dir)) {
    const type = await readTrimmed(join(dir, name, 'type'));
    if (!type) continue;
    out.push({ type, online: await readTrimmed(join(dir, name, 'online')), status: await readTrimmed(join(dir, name, 'status')) });
  }
  return out;
}

/**
 * On battery: false when an external supply (Mains, USB...) is online or no battery is
 * discharging, true when a battery discharges with no external supply online, null when the
 * machine exposes no battery (a desktop, a server, a VM, or a system without sysfs).
 */
export function onBatteryFrom(supplies: readonly PowerSupply[]): boolean | null {
  const batteries = supplies.filter((s) => s.type === 'Battery');
  if (batteries.length === 0) return null;
  if (supplies.some((s) => s.type !== 'Battery' && s.online === '1')) return false;
  return batteries.some((b) => b.status === 'Discharging');
}

/** PRETTY_NAME from /etc/os-release (or /usr/lib/os-release); null when absent. */
export async function readOsRelease(m: MachineRoot): Promise<string | null> {
  for (const p of ['etc/os-release', 'usr/lib/os-release']) {
    const text = await readTrimmed(join(m.root, p));
    if (text === null) continue;
    const line = text.split('\n').find((l) => l.startsWith('PRETTY_NAME='));
    if (!line) continue;
    return line
      .slice('PRETTY_NAME='.length)
      .replace(/^"(.*)"$/, '$1')
      .replace(/^'(.*)'$/, '$1');
  }
  return null;
}

/** The CPU model from /proc/cpuinfo (`model name`, or `Hardware`/`Processor` on some ARM boards). */
export async function readCpuInfoModel(m: MachineRoot): Promise<string | null> {
  const text = await readTrimmed(join(m.root, 'proc/cpuinfo'));
  if (text === null) return null;
  for (const key of ['model name', 'Hardware', 'Processor', 'cpu model']) {
    const line = text.split('\n').find((l) => l.startsWith(key) && /^[^:]+:/.test(l) && l.slice(0, l.indexOf(':')).trim() === key);
    if (line) return line.slice(line.indexOf(':') + 1).trim();
  }
  return null;
}
