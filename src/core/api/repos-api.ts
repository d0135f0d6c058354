// Repository methods: add (static reads and neutralised git only), trust, packages with their
// benchmarks (go list + a static scan of _test.go before trust; the test binary's -test.list
// after), refs.
import { goCommandEnv } from '../go/go-env.js';
import { headCommit, listRefs as gitRefs, resolveRef, WORKTREE_REF } from '../git/index.js';
import { addRepository } from '../repo/add-repo.js';
import { deleteRepo, listRepos as storedRepos, setTrusted, getRepoById } from '../store/repos.js';
import type { Method } from './impl-types.js';

export const version: Method<'version'> = async (ctx) => {
  let go: string | null = null;
  let git: string | null = null;
  try {
    go = (await ctx.goTool()).go.version;
  } catch {
    /* missing */
  }
  try {
    git = (await ctx.gitTool()).version;
  } catch {
    /* missing */
  }
  return { version: ctx.version, node: process.version, go, git, dataDir: ctx.paths.root };
};

export const listRepos: Method<'listRepos'> = async (ctx) => storedRepos(ctx.store.db);

export const addRepo: Method<'addRepo'> = async (ctx, { path, trust }) => {
  ctx.writable();
  const repo = await addRepository(ctx.store.db, await ctx.gitTool(), path, trust);
  ctx.emit({ type: 'repos-changed' });
  return repo;
};

export const trustRepo: Method<'trustRepo'> = async (ctx, { repo, trusted }) => {
  ctx.writable();
  const r = ctx.resolveRepo(repo);
  setTrusted(ctx.store.db, r.id, trusted);
  ctx.emit({ type: 'repos-changed' });
  return getRepoById(ctx.store.db, r.id)!;
};

export const removeRepo: Method<'removeRepo'> = async (ctx, { repo }) => {
  ctx.writable();
  const r = ctx.resolveRepo(repo);
  const removed = deleteRepo(ctx.store.db, r.id);
  ctx.emit({ type: 'repos-changed' });
  return { removed };
};

export const listPackages: Method<'listPackages'> = async (ctx, { repo, tags, staticOnly }) => {
  const r = ctx.resolveRepo(repo);
  const { go, goEnv } = await ctx.goTool();
  // go list with GOTOOLCHAIN=local and the allowlisted environment: safe before trust;
  // compiling and -test.list only once the repository is trusted.
  return ctx.inventory({
    goBin: go.bin,
    launcher: go.launcher,
    moduleDir: r.path,
    env: goCommandEnv(goEnv, ctx.processEnv),
    tags,
    trusted: r.trusted && !staticOnly,
    tmpDir: ctx.paths.tmp,
    goroot: goEnv.raw.GOROOT,
    // what selects files besides the sources: the toolchain and `go env` (a go env -w GOOS counts too)
    toolchainKey: JSON.stringify([
      go.version,
      ...['GOOS', 'GOARCH', 'CGO_ENABLED', 'GOEXPERIMENT'].map((k) => goEnv.raw[k] ?? ''),
      goEnv.goflagsKept,
    ]),
  });
};

export const listRefs: Method<'listRefs'> = async (ctx, { repo, limit }) => {
  const r = ctx.resolveRepo(repo);
  return gitRefs(await ctx.gitTool(), r.gitRoot, limit);
};

export const checkRef: Method<'checkRef'> = async (ctx, { repo, ref }) => {
  const r = ctx.resolveRepo(repo);
  const git = await ctx.gitTool();
  if (ref === WORKTREE_REF) return { ref, sha: await headCommit(git, r.gitRoot) };
  return { ref, sha: await resolveRef(git, r.gitRoot, ref) };
};
