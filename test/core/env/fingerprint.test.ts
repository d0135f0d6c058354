// The environment fingerprint: on this machine (whatever it exposes; absent files give null)
// and on small sysfs/procfs trees written to a temp dir (a laptop on battery, a server).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprint, withLoadAfter } from '../../../src/core/env/index.js';

const input = {
  goVersion: 'go1.26.8',
  goos: 'linux',
  goarch: 'amd64',
  goEnv: { GOAMD64: 'v1', CGO_ENABLED: '0' },
  gomaxprocs: 2,
  perflabVersion: '0.1.0',
};

function tree(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(os.tmpdir(), 'perflab-env-'));
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), content);
  }
  return root;
}

function readOrNull(p: string): string | null {
  try {
    return readFileSync(p, 'utf8').trim();
  } catch {
    return null;
  }
}

describe('fingerprint on this machine', () => {
  it('records what is readable and null for what is not', async () => {
    const env = await fingerprint(input);
    expect(env).toMatchObject({
      ...input,
      hostname: os.hostname(),
      cpuCount: os.cpus().length,
      memoryBytes: os.totalmem(),
      loadAfter: null,
    });
    expect(env.cpuModel.length).toBeGreaterThan(0);
    expect(env.kernel).toContain(os.release());
    expect(env.os.length).toBeGreaterThan(0);
    expect(env.loadBefore).toHaveLength(3);
    const governor = readOrNull('/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor');
    if (governor === null) expect(env.governor).toBeNull();
    else expect(env.governor?.split(',')).toContain(governor);
    if (!existsSync('/sys/devices/system/cpu/intel_pstate/no_turbo') && !existsSync('/sys/devices/system/cpu/cpufreq/boost'))
      expect(env.turbo).toBeNull();
    if (!existsSync('/sys/class/power_supply')) expect(env.onBattery).toBeNull();
    expect(Array.isArray(env.warnings)).toBe(true);
    const after = withLoadAfter(env);
    expect(after.loadAfter).toHaveLength(3);
    expect(after.loadBefore).toEqual(env.loadBefore);
  });
});

describe('fingerprint from a sysfs tree', () => {
  it('reads a laptop on battery with powersave, turbo and a named OS and CPU', async () => {
    const root = tree({
      'sys/devices/system/cpu/cpu0/cpufreq/scaling_governor': 'powersave\n',
      'sys/devices/system/cpu/cpu1/cpufreq/scaling_governor': 'powersave\n',
      'sys/devices/system/cpu/intel_pstate/no_turbo': '0\n',
      'sys/class/power_supply/AC/type': 'Mains\n',
      'sys/class/power_supply/AC/online': '0\n',
      'sys/class/power_supply/BAT0/type': 'Battery\n',
      'sys/class/power_supply/BAT0/status': 'Discharging\n',
      'etc/os-release': 'NAME="Ubuntu"\nPRETTY_NAME="Ubuntu 24.04 LTS"\n',
      'proc/cpuinfo': 'processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Core(TM) i7-1165G7 @ 2.80GHz\n',
    });
    const env = await fingerprint(input, { root });
    expect(env).toMatchObject({
      governor: 'powersave',
      turbo: 'on',
      onBattery: true,
      os: 'Ubuntu 24.04 LTS',
      cpuModel: 'Intel(R) Core(TM) i7-1165G7 @ 2.80GHz',
    });
    expect(env.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['cpu-governor', 'turbo-boost', 'on-battery']));
  });

  it('reads a server with performance governor, boost off, mains power and mixed governors', async () => {
    const root = tree({
      'sys/devices/system/cpu/cpu0/cpufreq/scaling_governor': 'performance\n',
      'sys/devices/system/cpu/cpu1/cpufreq/scaling_governor': 'schedutil\n',
      'sys/devices/system/cpu/cpufreq/boost': '0\n',
      'sys/class/power_supply/AC/type': 'Mains\n',
      'sys/class/power_supply/AC/online': '1\n',
      'sys/class/power_supply/BAT0/type': 'Battery\n',
      'sys/class/power_supply/BAT0/status': 'Charging\n',
    });
    const env = await fingerprint(input, { root });
    expect(env).toMatchObject({ governor: 'performance,schedutil', turbo: 'off', onBattery: false });
  });

  it('gives null for absent or unreadable files and never throws', async () => {
    const empty = tree({});
    expect(await fingerprint(input, { root: empty })).toMatchObject({ governor: null, turbo: null, onBattery: null });
    // Directories where files are expected, garbage values.
    const odd = tree({
      'sys/devices/system/cpu/intel_pstate/no_turbo/x': '',
      'sys/devices/system/cpu/cpufreq/boost': 'maybe\n',
      'sys/class/power_supply/X/online': '1\n',
    });
    mkdirSync(join(odd, 'sys/devices/system/cpu/cpu0/cpufreq/scaling_governor'), { recursive: true });
    const env = await fingerprint(input, { root: odd });
    expect(env).toMatchObject({ governor: null, turbo: null, onBattery: null });
    expect(env.os.length).toBeGreaterThan(0);
  });
});
