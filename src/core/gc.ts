// `perflab gc`: remove what the lab can rebuild or no longer needs: app-owned worktrees that
// no run holds, cached test binaries, profile files no row points at, leftovers in tmp/ and
// the raw output of deleted runs. Stored results and referenced profiles are never touched.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { GcReport } from '../shared/api.js';
import { pruneWorktrees } from './git/index.js';
import type { LabContext } from './lab-context.js';
import { referencedProfileHashes } from './store/profiles.js';
import { listRepos } from './store/repos.js';

function sizeOf(p: string): number {
  try {
    const st = statSync(p);
    if (!st.isDirectory()) return st.size;
    return readdirSync(p).reduce((n, e) => n + sizeOf(join(p, e)), 0);
  } catch {
    return 0;
  }
}

export async function collectGarbage(ctx: LabContext, dryRun: boolean): Promise<GcReport> {
  // A database from a newer Perflab may reference files this one does not know about.
  if (!dryRun) ctx.writable();
  let freed = 0;
  const remove = (p: string) => {
    freed += sizeOf(p);
    if (!dryRun) rmSync(p, { recursive: true, force: true });
  };
  let removedWorktrees = 0;
  const repos = listRepos(ctx.store.db);
  if (!dryRun && existsSync(ctx.paths.worktrees)) {
    const r = await pruneWorktrees(await ctx.gitTool(), repos.map((x) => x.gitRoot), ctx.paths.worktrees);
    removedWorktrees = r.removed;
    freed += r.freedBytes;
  }
  let removedBinaries = 0;
  if (existsSync(ctx.paths.bin)) {
    for (const d of readdirSync(ctx.paths.bin)) {
      const dir = join(ctx.paths.bin, d);
      for (const f of readdirSync(dir)) {
        remove(join(dir, f));
        // Beside each binary: its `go version -m` (.info) and benchmark list (.list).
        if (f.endsWith('.test')) removedBinaries++;
      }
    }
  }
  let removedProfiles = 0;
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
  if (existsSync(ctx.paths.runs)) {
    const ids = new Set((ctx.store.db.prepare('SELECT id FROM runs').all() as { id: number }[]).map((r) => String(r.id)));
    for (const d of readdirSync(ctx.paths.runs)) if (!ids.has(d)) remove(join(ctx.paths.runs, d));
  }
  return { removedWorktrees, removedBinaries, removedProfiles, freedBytes: freed };
}
