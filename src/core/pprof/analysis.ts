// Profile analysis as requests and answers: flame data, top tables, sandwiches, source lines
// and findings over profiles named by path. This is what the long-lived analysis worker
// (analysis-pool.ts starts decode-worker.ts in analysis mode) runs, so decoding, call trees
// and flame data of a big profile never hold the lab server's event loop; it keeps the decoded
// profiles of recent requests (LRU) so exploring one profile decodes it once. Requests and
// answers are plain data (structured clone); failures are LabErrors.
import { open, readFile, realpath } from 'node:fs/promises';
import { constants } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { FlameData, SandwichData, SourceView, TopTable } from '../../shared/profile-types.js';
import { fail } from '../../shared/errors.js';
import { findingDrafts, type FindingsDrafts, type FindingsKind } from './findings.js';
import type { ModuleScope } from './findings-attribute.js';
import { DEFAULT_FLAME_LIMITS, diffFlameData, flameData, type FlameLimits } from './flame.js';
import { decodeProfileData, DEFAULT_MAX_COMPRESSED, DEFAULT_MAX_UNCOMPRESSED, type DecodeLimits } from './inflate.js';
import { diffTrees } from './diff.js';
import { mergeProfiles } from './merge.js';
import { scaleProfile } from './scale.js';
import { profileFromData, type Profile } from './model.js';
import { sandwich } from './sandwich.js';
import { sourceView } from './source-view.js';
import { topTable } from './top.js';
import { buildTree, type TreeOptions } from './tree.js';

/** A profile file and the key it is cached under (a content hash, or path + size + mtime);
 * `scale` multiplies every value after decoding (1 / iterations for a per-op diff). */
export interface ProfileRef {
  readonly path: string;
  readonly key: string;
  readonly scale?: number;
}

export type AnalysisRequest =
  | {
      readonly op: 'flame';
      readonly head: readonly ProfileRef[];
      readonly base?: readonly ProfileRef[];
      readonly tree: TreeOptions;
      readonly limits?: FlameLimits;
    }
  | {
      readonly op: 'top';
      readonly head: readonly ProfileRef[];
      readonly base?: readonly ProfileRef[];
      readonly tree: TreeOptions;
      readonly n: number;
    }
  | {
      readonly op: 'sandwich';
      readonly head: readonly ProfileRef[];
      readonly func: string;
      readonly tree: TreeOptions;
      readonly limits?: FlameLimits;
    }
  | {
      readonly op: 'source';
      readonly head: readonly ProfileRef[];
      readonly func: string;
      readonly tree: TreeOptions;
      readonly repo: { readonly path: string; readonly modulePath: string } | null;
    }
  | {
      readonly op: 'findings';
      readonly runId: number;
      readonly baseRef?: string;
      readonly hotFromBase?: boolean;
      readonly module: ModuleScope | null;
      readonly profiles: readonly {
        readonly ref: ProfileRef;
        readonly benchmark: string;
        readonly refLabel: string;
        readonly kind: FindingsKind;
      }[];
    };

export interface AnalysisAnswers {
  flame: FlameData;
  top: TopTable;
  sandwich: SandwichData;
  source: SourceView;
  findings: FindingsDrafts;
}

export type AnalysisAnswer = AnalysisAnswers[keyof AnalysisAnswers];

const CACHE_LIMIT = 8;

/** One analysis service: a decoded-profile cache and the request handler. */
export function analysisService(limits: DecodeLimits = {}) {
  const cache = new Map<string, Promise<Profile>>();

  const load = (ref: ProfileRef): Promise<Profile> => {
    let p = cache.get(ref.key);
    if (p) {
      cache.delete(ref.key);
      cache.set(ref.key, p);
      return p;
    }
    p = readProfileFile(ref.path, limits).then((bytes) => profileFromData(decodeProfileData(bytes, limits)));
    p.catch(() => cache.delete(ref.key));
    cache.set(ref.key, p);
    while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    return p;
  };
  const loadAll = async (refs: readonly ProfileRef[]): Promise<Profile> => {
    const ps: Profile[] = [];
    for (const r of refs) {
      const p = await load(r);
      ps.push(r.scale !== undefined && r.scale !== 1 ? scaleProfile(p, r.scale) : p);
    }
    return ps.length === 1 ? ps[0] : mergeProfiles(ps);
  };

  return async function handle(req: AnalysisRequest): Promise<AnalysisAnswer> {
    switch (req.op) {
      case 'flame': {
        const lim = req.limits ?? DEFAULT_FLAME_LIMITS;
        const head = buildTree(await loadAll(req.head), req.tree);
        if (!req.base) return flameData(head, undefined, lim);
        const base = buildTree(await loadAll(req.base), req.tree);
        return diffFlameData(diffTrees(base, head), lim);
      }
      case 'top': {
        const p = await loadAll(req.head);
        const base = req.base ? await loadAll(req.base) : undefined;
        return topTable(p, { ...req.tree, n: req.n, base });
      }
      case 'sandwich':
        return sandwich(await loadAll(req.head), req.func, req.tree, req.limits ?? DEFAULT_FLAME_LIMITS);
      case 'source': {
        const p = await loadAll(req.head);
        return sourceView(p, req.func, req.repo ? readSourceFor(req.repo.path, req.repo.modulePath) : async () => null, req.tree);
      }
      case 'findings': {
        const profiles = [];
        for (const x of req.profiles) profiles.push({ profile: await load(x.ref), benchmark: x.benchmark, ref: x.refLabel, kind: x.kind });
        // Drafts: the lab finishes them with the profiled commit's source, compiler notes and git history.
        return findingDrafts({ runId: req.runId, profiles, module: req.module, baseRef: req.baseRef, hotFromBase: req.hotFromBase });
      }
    }
  };
}

/**
 * Reads a profile file: opened without blocking on a FIFO, required to be a regular file and
 * no larger than the caps before a byte is read.
 */
export async function readProfileFile(path: string, limits: DecodeLimits = {}): Promise<Uint8Array> {
  const max = Math.max(limits.maxCompressed ?? DEFAULT_MAX_COMPRESSED, limits.maxUncompressed ?? DEFAULT_MAX_UNCOMPRESSED);
  let fh;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    fail('FileNotFound', { path });
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) fail('FileNotFound', { path }, 'not a regular file');
    if (st.size > max) fail('ProfileTooLarge', { size: st.size, limit: max, stage: 'compressed' });
    const buf = Buffer.alloc(st.size);
    let at = 0;
    while (at < st.size) {
      const { bytesRead } = await fh.read(buf, at, st.size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return new Uint8Array(buf.buffer, buf.byteOffset, at);
  } finally {
    await fh.close();
  }
}

/** Source files of a repository by their -trimpath names (`<module path>/<dir>/<file>.go`), inside the repository only. */
export function readSourceFor(repoPath: string, modulePath: string) {
  return async (file: string): Promise<string | null> => {
    const rel = modulePath && file.startsWith(`${modulePath}/`) ? file.slice(modulePath.length + 1) : null;
    if (rel === null || rel.includes('\0')) return null;
    const full = resolve(repoPath, rel);
    try {
      const [root, real] = await Promise.all([realpath(repoPath), realpath(full)]);
      if (!real.startsWith(root + sep)) return null;
      return await readFile(real, 'utf8');
    } catch {
      return null;
    }
  };
}
