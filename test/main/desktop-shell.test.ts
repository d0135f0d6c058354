// The desktop shell without the Electron binary: the lab server bundle the main process forks
// into a utility process (out/main/lab-server.js, built by electron-vite) starts under Node,
// reports its URL the way the main process reads it, serves the renderer and the API (the
// profile decoder's worker included), and stops; the window options and menu are checked as
// the functions they are.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { menuTemplate, parseServerReady, parseWindowState, windowOptions } from '../../src/main/policy.js';
import { ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture-repo.js';

describe('desktop shell', () => {
  it('starts the bundled lab server, reads its URL, answers the API and stops', async () => {
    const entry = join(ROOT, 'out', 'main', 'lab-server.js');
    expect(existsSync(entry), 'run npm run build first (out/main/lab-server.js)').toBe(true);
    const mod = tempDir();
    cpSync(join(ROOT, 'test', 'fixtures', 'basic'), mod, { recursive: true });
    const prof = join(mod, 'cpu.pprof');
    execFileSync('go', ['test', '-run=^$', '-bench=Sum', '-benchtime=200ms', `-cpuprofile=${prof}`, './parse'], {
      cwd: mod,
      stdio: 'ignore',
    });
    const child = spawn(process.execPath, [entry, '--data-dir', tempDir(), '--static-dir', join(ROOT, 'out', 'renderer')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const ready = await new Promise<ReturnType<typeof parseServerReady>>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (d) => {
          buf += d;
          const line = buf.split('\n').find((l) => l.startsWith('{'));
          if (line) resolve(parseServerReady(JSON.parse(line)));
        });
        child.on('exit', (c) => reject(new Error(`lab server exited ${c}`)));
      });
      expect(ready).not.toBeNull();
      const token = ready!.url.split('#token=')[1];
      expect(token).toMatch(/^[0-9a-f]{64}$/);
      expect((await fetch(`${ready!.origin}/`)).headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      const call = (m: string, body: unknown) =>
        fetch(`${ready!.origin}/api/${m}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-perflab-token': token },
          body: JSON.stringify(body),
        }).then((r) => r.json());
      const top = await call('profileTop', { path: prof, n: 5 });
      expect(top.ok, JSON.stringify(top)).toBe(true);
      expect(top.value.rows.some((r: { name: string }) => r.name.includes('parse.Sum'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.on('exit', r));
    }
    expect(child.exitCode === 0 || child.signalCode === 'SIGTERM').toBe(true);
  });

  it('hardened window options, remembered window state, and the menu', () => {
    const o = windowOptions('/app/preload.cjs', parseWindowState('{"x":10,"y":20,"width":1000,"height":700,"maximized":true}'));
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/app/preload.cjs',
    });
    expect([o.x, o.y, o.width, o.height]).toEqual([10, 20, 1000, 700]);
    expect(parseWindowState('{"width":5,"height":5}')).toBeNull();
    expect(parseWindowState('not json')).toBeNull();
    const menu = menuTemplate();
    expect(menu.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Help']);
    expect(menu[0].items.map((i) => i.label)).toEqual(['Add Repository…', 'New Run…', 'Quit']);
    expect(parseServerReady({ type: 'ready', url: 'http://evil.example/#token=1', origin: 'http://evil.example' })).toBeNull();
  });
});
