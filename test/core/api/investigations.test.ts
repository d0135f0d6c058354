// Investigation methods (src/core/api/investigations-api.ts) on stored runs: each step compares
// its run through the lab's comparison cache and says how far each target is; the commit message
// comes only once every target is met, and a committed investigation takes no more runs. The
// runs here are imported Go benchmark text (starting real runs needs Go and is covered by the
// timing suite); real lab context, real SQLite file in a temp dir.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHODS } from '../../../src/core/api/methods.js';
import { closeLabContext, createLabContext, type LabContext } from '../../../src/core/lab-context.js';
import { parseInput } from '../../../src/core/lab-input.js';
import { addStep, createInvestigation } from '../../../src/core/store/investigations.js';
import { upsertRepo } from '../../../src/core/store/repos.js';
import type { Input, MethodName } from '../../../src/shared/api.js';
import { LabFailure } from '../../../src/shared/errors.js';
import { tempDir } from '../../helpers/fixture-repo.js';

/** Go benchmark text: one `ref:` block per column, ten samples of Encode each (ns/op given per column). */
function text(columns: [string, number][]): string {
  const out = ['goos: linux', 'goarch: amd64', 'pkg: example.com/codec'];
  for (const [ref, ns] of columns) {
    out.push(`ref: ${ref}`);
    for (let i = 0; i < 10; i++) out.push(`BenchmarkEncode-2 1000000 ${ns + i * 2} ns/op`);
  }
  return `${out.join('\n')}\n`;
}

describe('investigations', () => {
  let dir: string;
  let ctx: LabContext;
  const call = <M extends MethodName>(m: M, input: Input<M>) => METHODS[m](ctx, parseInput(m, input));
  const importRun = async (name: string, columns: [string, number][]) =>
    (await call('importBenchfmt', { files: [{ name, text: text(columns) }] })).runId;
  let id: number;
  let bare: number;

  beforeAll(async () => {
    dir = tempDir('perflab-investigations-');
    ctx = createLabContext({ dataDir: join(dir, 'data'), lockDir: join(dir, 'lock') }, () => undefined);
    const repo = upsertRepo(ctx.store.db, {
      path: join(dir, 'codec'),
      name: 'codec',
      modulePath: 'example.com/codec',
      gitRoot: join(dir, 'codec'),
      moduleSubdir: '',
      identity: 'r',
      trusted: true,
    });
    const settings = { count: 10, profile: [], benchtime: ['1s'] };
    const sha = 'a'.repeat(40);
    id = createInvestigation(ctx.store.db, {
      repoId: repo.id,
      title: 'faster Encode',
      base: 'main',
      baseSha: sha,
      bench: 'Encode',
      targets: [{ name: 'Encode', unit: 'sec/op', improvePct: 10 }],
      settings,
    });
    addStep(ctx.store.db, id, await importRun('baseline.txt', [['main', 1000]]), 'baseline', 'main');
    addStep(
      ctx.store.db,
      id,
      await importRun('verify-1.txt', [
        ['main', 1000],
        ['feature', 950],
      ]),
      'verify',
      'feature',
    );
    addStep(
      ctx.store.db,
      id,
      await importRun('verify-2.txt', [
        ['main', 1000],
        ['feature', 700],
      ]),
      'verify',
      'feature',
    );
    bare = createInvestigation(ctx.store.db, {
      repoId: repo.id,
      title: 'not yet',
      base: 'main',
      baseSha: sha,
      bench: 'Encode',
      targets: [],
      settings,
    });
  });
  afterAll(async () => {
    await closeLabContext(ctx);
    ctx.store.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says at each step how far the target is: unmet at baseline, 5% faster falls short of 10%, 30% faster meets it', async () => {
    const inv = await call('investigationStatus', { id });
    expect(inv.steps.map((s) => [s.kind, s.runStatus, s.targets[0].state])).toEqual([
      ['baseline', 'completed', 'unmet'],
      ['verify', 'completed', 'unmet'],
      ['verify', 'completed', 'met'],
    ]);
    expect((await call('investigationList', {})).map((i) => i.title)).toEqual(['not yet', 'faster Encode']); // newest first
  });

  it('commits once every target is met, and then takes no more verify runs', async () => {
    const msg = await call('investigationCommit', { id, scope: 'codec' });
    expect(msg.message.text.split('\n')[0]).toMatch(/^perf\(codec\): /);
    expect(msg.message.text).toMatch(/Encode/);
    expect((await call('investigationStatus', { id })).status).toBe('committed');
    const again = await call('investigationVerify', { id, ref: 'feature' }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(LabFailure);
    expect((again as LabFailure).error).toMatchObject({ code: 'Conflict', message: `investigation ${id} is already committed` });
    const early = await call('investigationCommit', { id: bare }).catch((e: unknown) => e);
    expect((early as LabFailure).error.message).toBe(`investigation ${bare} has no verify run yet: perflab investigate verify ${bare}`);
    const missing = await call('investigationStatus', { id: 999 }).catch((e: unknown) => e);
    expect((missing as LabFailure).error).toMatchObject({ code: 'InvalidInput', detail: { field: 'id', value: '999' } });
  });
});
