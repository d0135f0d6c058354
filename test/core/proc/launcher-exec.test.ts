// Short commands started by a running launcher (Launcher.exec, src/core/launcher/exec.go), as a
// run's git calls are: output and exit code come back in memory; rlimits, its own session and
// /dev/null as stdin hold as in the exec mode; execs run side by side; a timeout, an output
// flood and a cancel kill the command; a missing binary is a spawn error; a daemon an exec
// leaves is gone once the launcher closes; exec() of src/core/proc/exec.ts gives the same
// outcome through a live launcher as through a fork of the lab.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goCommandEnv, readGoEnv } from '../../../src/core/go/go-env.js';
import { findGo } from '../../../src/core/go/go-version.js';
import { exec } from '../../../src/core/proc/exec.js';
import { gitLimits, type ChildLimits, type ShortCommand } from '../../../src/core/proc/child-limits.js';
import { ensureLauncher, Launcher } from '../../../src/core/proc/launcher.js';
import { labErrorOf } from '../git/errors.js';
import { tempDir } from '../../helpers/fixture-repo.js';
import { marked } from '../../helpers/marked-procs.js';

const SH = '/bin/sh';
const NONE: ChildLimits = { addressSpaceBytes: 0, cpuSeconds: 0, fileSizeBytes: 0 };
let launcher: Launcher;
let launcherPath: string;
let work: string;

beforeAll(async () => {
  const go = await findGo(process.env, process.cwd());
  const goEnv = goCommandEnv(await readGoEnv(go.bin, process.env, process.cwd()), process.env);
  work = tempDir('perflab-launcher-exec-');
  launcherPath = (await ensureLauncher({ goBin: go.bin, env: goEnv, binDir: tempDir('perflab-launcher-exec-bin-') })).path;
  launcher = await Launcher.start(launcherPath);
}, 120_000);

afterAll(async () => {
  await launcher?.close();
});

const sh = (script: string, o: Partial<ShortCommand> = {}): ShortCommand => ({
  file: SH,
  args: ['-c', script],
  cwd: work,
  env: { PATH: '/usr/bin:/bin' },
  limits: NONE,
  timeoutMs: 60_000,
  maxOutputBytes: 1 << 20,
  ...o,
});

describe('short commands through a running launcher', () => {
  it('returns stdout, stderr and the exit code; stdin is /dev/null; the command has its own session', async () => {
    const r = await launcher.exec(sh('echo out; echo err >&2; wc -c; ps -o sid= -p $$ | tr -d " "; echo $$; exit 3'));
    expect(r).toMatchObject({ exitCode: 3, signal: null, stderr: 'err\n', timedOut: false, canceled: false, outputLimit: false });
    const [out, bytesIn, sid, pid] = r.stdout.trim().split('\n');
    expect([out, bytesIn]).toEqual(['out', '0']);
    expect(sid).toBe(pid);
    const killed = await launcher.exec(sh('kill -SEGV $$'));
    expect(killed).toMatchObject({ exitCode: null, signal: 'SIGSEGV' });
  });

  it('sets the rlimits on the command (exec mode), not on the next one', async () => {
    const limited = await launcher.exec(
      sh('ulimit -v; ulimit -t; ulimit -f', { limits: { addressSpaceBytes: 3 * 2 ** 30, cpuSeconds: 7, fileSizeBytes: 2 ** 20 } }),
    );
    expect(limited.stdout).toBe(`${3 * 2 ** 20}\n7\n${2 ** 20 / 512}\n`);
    expect((await launcher.exec(sh('ulimit -t'))).stdout).toBe('unlimited\n');
  });

  it('runs execs side by side: one waits for a file the next one writes', async () => {
    const flag = join(work, `flag-${Date.now()}`);
    const waiting = launcher.exec(sh(`while [ ! -e ${flag} ]; do sleep 0.01; done; echo seen`, { timeoutMs: 30_000 }));
    const writing = launcher.exec(sh(`touch ${flag}`));
    expect(await writing).toMatchObject({ exitCode: 0 });
    expect(await waiting).toMatchObject({ exitCode: 0, stdout: 'seen\n', timedOut: false });
  });

  it('kills a command at its timeout, at its output budget, and when canceled', async () => {
    expect(await launcher.exec(sh('exec sleep 30', { timeoutMs: 200 }))).toMatchObject({ timedOut: true, exitCode: null });
    const flood = await launcher.exec(sh('yes', { maxOutputBytes: 1 << 20 }));
    expect(flood).toMatchObject({ outputLimit: true, exitCode: null });
    expect(flood.stdout.length).toBeLessThanOrEqual(1 << 20);
    const ac = new AbortController();
    const canceled = launcher.exec(sh('exec sleep 30', { signal: ac.signal }));
    setTimeout(() => ac.abort(), 100);
    expect(await canceled).toMatchObject({ canceled: true, exitCode: null });
  });

  it('reports a missing binary as a spawn error with its errno', async () => {
    const r = await launcher.exec({ ...sh(''), file: join(work, 'no-such-binary'), args: [] });
    expect(r).toMatchObject({ errno: 'ENOENT', exitCode: null });
    expect(r.spawnError).toMatch(/no such file/);
  });

  it('leaves no daemon behind once the launcher closes', async () => {
    const mark = `exec-daemon-${Date.now()}`;
    const l = await Launcher.start(launcherPath);
    const pidfile = join(work, `${mark}.pid`);
    // The exec ends once the daemon is in its own session (it writes its pid after setsid).
    const script = `setsid sh -c 'echo $$ > ${pidfile}; exec sleep 300' >/dev/null 2>&1 & while [ ! -s ${pidfile} ]; do sleep 0.01; done; echo started`;
    const r = await l.exec(sh(script, { env: { PATH: '/usr/bin:/bin', MARK: mark } }));
    expect(r).toMatchObject({ exitCode: 0, stdout: 'started\n' });
    for (let i = 0; i < 100 && marked(mark).length < 1; i++) await new Promise((res) => setTimeout(res, 20));
    expect(marked(mark).length).toBe(1);
    await l.close();
    for (let i = 0; i < 250 && marked(mark).length > 0; i++) await new Promise((res) => setTimeout(res, 20));
    expect(marked(mark)).toEqual([]);
  });

  it('exec() gives the same outcome through the live launcher as through a fork of the lab', async () => {
    writeFileSync(join(work, 'a.txt'), 'a\n');
    const confine = { launcher: launcherPath, limits: gitLimits(10_000, false) };
    const args = ['-c', 'cat a.txt; ulimit -v; echo oops >&2; exit 2'];
    const forked = await exec('sh', SH, args, { cwd: work, env: {}, timeoutMs: 10_000, confine });
    const live = await exec('sh', SH, args, { cwd: work, env: {}, timeoutMs: 10_000, confine: { ...confine, live: launcher } });
    expect(live).toEqual(forked);
    expect(live).toMatchObject({ exitCode: 2, stdout: `a\n${4 * 2 ** 20}\n`, stderr: 'oops\n' });
    const missing = join(work, 'no-such-tool');
    expect(existsSync(missing)).toBe(false);
    for (const c of [confine, { ...confine, live: launcher }]) {
      expect(await labErrorOf(exec('tool', missing, [], { cwd: work, env: {}, confine: c }))).toMatchObject({
        code: 'ToolMissing',
        detail: { tool: 'tool' },
      });
    }
  });
});
