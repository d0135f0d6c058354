// Where Perflab keeps its data: --data-dir, else PERFLAB_HOME, else the OS default for an app
// named perflab. Electron uses the same rule, so the CLI, `perflab serve` and the desktop app
// share one database.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function resolveDataDir(explicit: string | undefined, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (explicit) return resolve(explicit);
  if (env.PERFLAB_HOME) return resolve(env.PERFLAB_HOME);
  const home = env.HOME || homedir();
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'perflab');
    case 'win32':
      return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'perflab');
    default:
      return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'perflab');
  }
}

/** The fixed layout inside a data dir. */
export function dataPaths(dataDir: string) {
  return {
    root: dataDir,
    db: join(dataDir, 'perflab.db'),
    profiles: join(dataDir, 'profiles'),
    worktrees: join(dataDir, 'worktrees'),
    bin: join(dataDir, 'bin'),
    runs: join(dataDir, 'runs'),
    tmp: join(dataDir, 'tmp'),
    /** The app's git object store per repository and snapshot records (src/core/workflow/snapshots.ts). */
    snapshots: join(dataDir, 'snapshots'),
    /** Patches of snapshots against their HEAD, content-addressed: <sha256>.patch. */
    patches: join(dataDir, 'patches'),
  } as const;
}
export type DataPaths = ReturnType<typeof dataPaths>;
