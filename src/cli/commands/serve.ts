// `perflab serve [--port N] [--open]`: the lab's UI for a browser, on 127.0.0.1 only. Prints
// the URL with its per-start token and runs until Ctrl-C or SIGTERM. `--open` hands the
// browser a private 0600 file that redirects to the URL, so the token never appears on a
// command line (`ps` shows those to every local user).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../../core/package-root.js';
import type { Lab } from '../../core/lab.js';
import { fail } from '../../shared/errors.js';
import { startLabServer } from '../../server/lab-server.js';
import { intArg, parse } from '../args.js';
import type { CliContext } from '../io.js';

export function rendererDir(env: NodeJS.ProcessEnv): string {
  if (env.PERFLAB_RENDERER_DIR) return env.PERFLAB_RENDERER_DIR;
  return join(packageRoot()?.dir ?? process.cwd(), 'out', 'renderer');
}

export async function serveCommand(lab: Lab, ctx: CliContext, args: readonly string[]): Promise<number> {
  const { values } = parse(args, { port: { type: 'string' }, open: { type: 'boolean' } }, false);
  const port = intArg('--port', values.port) ?? 0;
  if (port > 65535) fail('InvalidInput', { field: '--port', value: String(port) });
  const staticDir = rendererDir(ctx.env);
  if (!existsSync(join(staticDir, 'index.html')))
    fail('FileNotFound', { path: join(staticDir, 'index.html') }, 'the UI is not built: run npm run build');
  const server = await startLabServer({ lab, port, staticDir, log: (line) => ctx.stderr.write(`${line}\n`) });
  ctx.stdout.write(`${server.url}\n`);
  ctx.stderr.write(`Perflab is serving on ${server.origin} (127.0.0.1 only). Open the URL above; press Ctrl-C to stop.\n`);
  let launcher: string | null = null;
  if (values.open) {
    launcher = writeLauncher(ctx.env, server.url);
    openBrowser(pathToFileURL(join(launcher, 'open.html')).href, ctx.env);
  }
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  ctx.stderr.write('stopping...\n');
  await server.close();
  if (launcher) rmSync(launcher, { recursive: true, force: true });
  return 0;
}

/**
 * Writes `open.html` (0600) into a fresh private directory (0700, made by mkdtemp under
 * $XDG_RUNTIME_DIR, else the temp dir): a page that sends the browser to the URL, token in the
 * fragment. Returns the directory; it is removed when serve stops.
 */
export function writeLauncher(env: NodeJS.ProcessEnv, url: string): string {
  const runtime = env.XDG_RUNTIME_DIR && existsSync(env.XDG_RUNTIME_DIR) ? env.XDG_RUNTIME_DIR : tmpdir();
  const dir = mkdtempSync(join(runtime, 'perflab-open-'));
  const attr = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const html =
    `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer">` +
    `<meta http-equiv="refresh" content="0;url=${attr}"><title>Perflab</title>` +
    `<script>location.replace(${JSON.stringify(url).replace(/</g, '\\u003c')})</script><a href="${attr}">Open Perflab</a>\n`;
  writeFileSync(join(dir, 'open.html'), html, { mode: 0o600, flag: 'wx' });
  return dir;
}

function openBrowser(target: string, env: NodeJS.ProcessEnv): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [target]] : process.platform === 'win32' ? ['explorer.exe', [target]] : ['xdg-open', [target]];
  try {
    spawn(cmd, args, { stdio: 'ignore', detached: true, env })
      .on('error', () => undefined)
      .unref();
  } catch {
    /* no browser opener: the URL is printed */
  }
}
