// `perflab gc`: remove what the lab can rebuild or no longer needs: app-owned worktrees that
// no run holds, cached test binaries, profile files no row points at, leftovers in tmp/ and
// the raw output of deleted runs. Stored results and referenced profiles are never touched.
// It never pulls files from under a run: it holds the machine lock while it removes binaries,
// worktrees, tmp/ and profiles (no run can start meanwhile), and when a run holds the lock it
// skips them and says so. Output of queued or running runs of a live process is kept.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { GcReport } from '../shared/api.js';
import { pruneWorktrees } from './git/index.js';
import type { LabContext } from './lab-context.js';
import { isSameProcessAlive } from './proc/process-identity.js';
import { launcherSource } from './proc/launcher.js';
import { tryMachineLock, type MachineLock } from './runner/machine-lock.js';
import { referencedProfileHashes } from './store/profiles.js';
import { listRepos } from './store/repos.js';
import { unfinishedRuns } from './store/runs.js';

function sizeOf(p: string): number {
  try {
    const st = statSync(p);
    if (!st.isDirectory()) return st.size;
    return readdirSync(p).reduce((n, e) => n + sizeOf(join(p, e)), 0);
  } catch {
    return 0;
  }
}

/** Runs of this data dir that are queued or running in a live Perflab process. */
function liveRuns(ctx: LabContext): number[] {
  return unfinishedRuns(ctx.store.db)
    .filter((r) => ctx.runs.isActive(r.id) || (r.ownerPid !== null && isSameProcessAlive(r.ownerPid, r.ownerStart)))
    .map((r) => r.id);
}

export async function collectGarbage(ctx: LabContext, dryRun: boolean): Promise<GcReport> {
  // A database from a newer Perflab may reference files this one does not know about.
  if (!dryRun) ctx.writable();
  const skipped: string[] = [];
  let lock: MachineLock | null = null;
  const taken = tryMachineLock({
    lockDir: ctx.lockDir,
    nativeBinding: ctx.nativeBinding,
    holder: { pid: process.pid, runId: 0, dataDir: ctx.paths.root, since: new Date().toISOString() },
  });
  if (taken.lock) lock = taken.lock;
  else {
    const h = taken.holder;
    skipped.push(
      `binaries, worktrees, tmp/ and unreferenced profiles: a benchmark run holds the machine${h ? ` (run ${h.runId}, pid ${h.pid}, ${h.dataDir})` : ''}`,
    );
  }
  try {
    const live = new Set(liveRuns(ctx).map(String));
    if (live.size > 0) skipped.push(`the files of ${live.size === 1 ? 'run' : 'runs'} ${[...live].join(', ')} (queued or running)`);
    return { ...(await collect(ctx, dryRun, lock !== null, live)), skipped };
  } finally {
    lock?.release();
  }
}

async function collect(
  ctx: LabContext,
  dryRun: boolean,
  machineHeld: boolean,
  live: ReadonlySet<string>,
): Promise<Omit<GcReport, 'skipped'>> {
  let freed = 0;
  const remove = (p: string) => {
    freed += sizeOf(p);
    if (!dryRun) rmSync(p, { recursive: true, force: true });
  };
  let removedWorktrees = 0;
  let removedBinaries = 0;
  let removedProfiles = 0;
  if (machineHeld) {
    const repos = listRepos(ctx.store.db);
    if (!dryRun && existsSync(ctx.paths.worktrees)) {
      const r = await pruneWorktrees(
        await ctx.gitTool(),
        repos.map((x) => x.gitRoot),
        ctx.paths.worktrees,
      );
      removedWorktrees = r.removed;
      freed += r.freedBytes;
    }
    if (existsSync(ctx.paths.bin)) {
      // This version's launcher stays: go and git calls of a running lab go through it.
      const launcher = currentLauncherName();
      for (const d of readdirSync(ctx.paths.bin)) {
        const dir = join(ctx.paths.bin, d);
        for (const f of readdirSync(dir)) {
          if (d === 'launcher' && f === launcher) continue;
          remove(join(dir, f));
          // Beside each binary: its `go version -m` (.info) and benchmark list (.list); kept package
          // listings (.packages); and listings/, the inventory's benchmark lists (repo/inventory-cache.ts).
          if (f.endsWith('.test')) removedBinaries++;
        }
      }
    }
    if (existsSync(ctx.paths.profiles)) {
      const keep = referencedProfileHashes(ctx.store.db);
      for (const d of readdirSync(ctx.paths.profiles)) {
        for (const f of readdirSync(join(ctx.paths.profiles, d))) {
          const sha = f.split('.')[0];
          if (!keep.has(sha)) {
            remove(join(ctx.paths.profiles, d, f));
            removedProfiles++;
          }
        }
      }
    }
    if (existsSync(ctx.paths.tmp)) for (const f of readdirSync(ctx.paths.tmp)) remove(join(ctx.paths.tmp, f));
  }
  if (existsSync(ctx.paths.runs)) {
    const ids = new Set((ctx.store.db.prepare('SELECT id FROM runs').all() as { id: number }[]).map((r) => String(r.id)));
    for (const d of readdirSync(ctx.paths.runs)) if (!ids.has(d) && !live.has(d)) remove(join(ctx.paths.runs, d));
  }
  return { removedWorktrees, removedBinaries, removedProfiles, freedBytes: freed };
}

function currentLauncherName(): string | null {
  try {
    return `launcher-${launcherSource().hash}`;
  } catch {
    return null;
  }
}
