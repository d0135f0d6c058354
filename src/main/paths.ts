// Where the desktop app keeps data (the same rule as the CLI, so both share one database) and
// where the better-sqlite3 build for Electron's ABI lives (built by scripts/start-desktop.js
// with @electron/rebuild into its own folder; node_modules keeps the Node build).
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function dataDirFor(env: NodeJS.ProcessEnv, appData: string): string {
  if (env.PERFLAB_HOME) return env.PERFLAB_HOME;
  if (process.platform === 'linux') return join(env.XDG_DATA_HOME || join(env.HOME ?? '', '.local', 'share'), 'perflab');
  return join(appData, 'perflab');
}

export function electronNativeBinding(appPath: string): string | null {
  const p = join(appPath, 'out', 'electron-native', 'better_sqlite3.node');
  return existsSync(p) ? p : null;
}
