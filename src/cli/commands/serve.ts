// `perflab serve [--port N] [--open]`: the lab's UI for a browser, on 127.0.0.1 only. Prints
// the URL with its per-start token and runs until Ctrl-C.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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
  if (!existsSync(join(staticDir, 'index.html'))) fail('FileNotFound', { path: join(staticDir, 'index.html') }, 'the UI is not built: run npm run build');
  const server = await startLabServer({ lab, port, staticDir });
  ctx.stdout.write(`${server.url}\n`);
  ctx.stderr.write(`Perflab is serving on ${server.origin} (127.0.0.1 only). Open the URL above; press Ctrl-C to stop.\n`);
  if (values.open) openBrowser(server.url);
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  ctx.stderr.write('stopping...\n');
  await server.close();
  return 0;
}

function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['explorer.exe', [url]] : ['xdg-open', [url]];
  try {
    spawn(cmd, args, { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
  } catch { /* no browser opener: the URL is printed */ }
}
