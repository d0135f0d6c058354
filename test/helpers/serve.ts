// Starts the built `perflab serve` as a child process and reads the URL it prints.
import { spawnCli } from './cli.js';

export async function startServe(dataDir: string, env: NodeJS.ProcessEnv = process.env, extraArgs: readonly string[] = []) {
  const s = spawnCli(['--data-dir', dataDir, 'serve', ...extraArgs], { env });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`perflab serve printed no URL: ${JSON.stringify(s.output())}`)), 30_000);
    s.child.stdout.on('data', () => {
      const m = /http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}/.exec(s.output().stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    s.child.on('exit', () => reject(new Error(`perflab serve exited: ${JSON.stringify(s.output())}`)));
  });
  const u = new URL(url);
  return {
    url,
    origin: u.origin,
    token: u.hash.replace('#token=', ''),
    child: s.child,
    done: s.done,
    async stop() {
      s.child.kill('SIGINT');
      return s.done;
    },
  };
}
