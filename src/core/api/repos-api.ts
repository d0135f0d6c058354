// Repository methods: add (static reads and neutralised git only), trust, packages with their
// benchmarks (go list + a static scan of _test.go before trust; the test binary's -test.list
// after), refs.
import { goCommandEnv } from '../go/go-env.js';
import { headCommit, listRefs, resolveRef, WORKTREE_REF } from '../git/index.js';
import { addRepository } from '../repo/add-repo.js';
import { createInventory } from '../repo/inventory.js';
import { deleteRepo, listRepos, setTrusted, getRepoById } from '../store/repos.js';
import type { LabContext } from '../lab-context.js';
import type { ApiImpl } from './impl-types.js';

export function reposApi(ctx: LabContext): Pick<ApiImpl, 'version' | 'listRepos' | 'addRepo' | 'trustRepo' | 'removeRepo' | 'listPackages' | 'listRefs' | 'checkRef'> {
  const inventory = createInventory();
  return {
    async version() {
      let go: string | null = null;
      let git: string | null = null;
      try { go = (await ctx.goTool()).go.version; } catch { /* missing */ }
      try { git = (await ctx.gitTool()).version; } catch { /* missing */ }
      return { version: ctx.version, node: process.version, go, git, dataDir: ctx.paths.root };
    },
    async listRepos() {
      return listRepos(ctx.store.db);
    },
    async addRepo({ path, trust }) {
      ctx.writable();
      const repo = await addRepository(ctx.store.db, await ctx.gitTool(), path, trust);
      ctx.emit({ type: 'repos-changed' });
      return repo;
    },
    async trustRepo({ repo, trusted }) {
      ctx.writable();
      const r = ctx.resolveRepo(repo);
      setTrusted(ctx.store.db, r.id, trusted);
      ctx.emit({ type: 'repos-changed' });
      return getRepoById(ctx.store.db, r.id)!;
    },
    async removeRepo({ repo }) {
      ctx.writable();
      const r = ctx.resolveRepo(repo);
      const removed = deleteRepo(ctx.store.db, r.id);
      ctx.emit({ type: 'repos-changed' });
      return { removed };
    },
    async listPackages({ repo, tags, staticOnly }) {
      const r = ctx.resolveRepo(repo);
      const { go, goEnv } = await ctx.goTool();
      // go list with GOTOOLCHAIN=local and the allowlisted environment: safe before trust;
      // compiling and -test.list only once the repository is trusted.
      return inventory({ goBin: go.bin, launcher: go.launcher, moduleDir: r.path, env: goCommandEnv(goEnv, ctx.processEnv), tags, trusted: r.trusted && !staticOnly, tmpDir: ctx.paths.tmp });
    },
    async listRefs({ repo, limit }) {
      const r = ctx.resolveRepo(repo);
      return listRefs(await ctx.gitTool(), r.gitRoot, limit);
    },
    async checkRef({ repo, ref }) {
      const r = ctx.resolveRepo(repo);
      const git = await ctx.gitTool();
      if (ref === WORKTREE_REF) return { ref, sha: await headCommit(git, r.gitRoot) };
      return { ref, sha: await resolveRef(git, r.gitRoot, ref) };
    },
  };
}
