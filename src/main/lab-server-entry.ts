// Entry of the Electron utility process: the same lab server `perflab serve` runs, so the
// window never waits on SQLite or a child process. Reports its URL to the main process.
import { createLab } from '../core/lab.js';
import { startLabServer } from '../server/lab-server.js';

interface ParentPort {
  postMessage(m: unknown): void;
  on(ev: 'message', f: (e: { data: unknown }) => void): void;
}

/** Electron's utility-process port; under plain Node (tests) the ready message goes to stdout. */
function port(): ParentPort {
  const pp = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (pp) return pp;
  return {
    postMessage: (m) => {
      process.stdout.write(`${JSON.stringify(m)}\n`);
    },
    on: (_ev, f) => {
      process.on('SIGTERM', () => f({ data: { type: 'stop' } }));
    },
  };
}

async function main(): Promise<void> {
  const parentPort = port();
  const args = process.argv;
  const arg = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const lab = createLab({ dataDir: arg('--data-dir'), nativeBinding: arg('--native-binding') });
  const server = await startLabServer({ lab, staticDir: arg('--static-dir') ?? '' });
  parentPort.postMessage({ type: 'ready', url: server.url, origin: server.origin });
  parentPort.on('message', (e) => {
    if ((e.data as { type?: string } | null)?.type === 'stop') {
      void server
        .close()
        .then(() => lab.close())
        .then(() => process.exit(0));
    }
  });
}

void main().catch((err) => {
  process.stderr.write(`perflab lab server failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(3);
});
