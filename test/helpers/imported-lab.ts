// A lab context of its own for a describe block (real SQLite file in a temp dir), with one run
// imported from Go benchmark text, and the API methods called in-process as the server calls
// them (input parsed by the API's schema).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { METHODS } from '../../src/core/api/methods.js';
import { closeLabContext, createLabContext, type LabContext } from '../../src/core/lab-context.js';
import { parseInput } from '../../src/core/lab-input.js';
import type { Input, MethodName, Outputs } from '../../src/shared/api.js';
import { tempDir } from './fixture-repo.js';

export interface ImportedLab {
  /** The lab context (set before the first test runs). */
  readonly ctx: LabContext;
  /** The imported run's id. */
  readonly runId: number;
  call<M extends MethodName>(m: M, input: Input<M>): Promise<Outputs[M]>;
}

/** Registers beforeAll/afterAll hooks: the lab is opened and the text imported before the block's tests, closed and removed after them. */
export function importedLab(prefix: string, files: () => readonly { readonly name: string; readonly text: string }[]): ImportedLab {
  let dir = '';
  const lab = {
    ctx: undefined as unknown as LabContext,
    runId: 0,
    call: <M extends MethodName>(m: M, input: Input<M>) => METHODS[m](lab.ctx, parseInput(m, input)) as Promise<Outputs[M]>,
  };
  beforeAll(async () => {
    dir = tempDir(prefix);
    lab.ctx = createLabContext({ dataDir: join(dir, 'data'), lockDir: join(dir, 'lock') }, () => undefined);
    lab.runId = (await lab.call('importBenchfmt', { files: [...files()] })).runId;
  });
  afterAll(async () => {
    await closeLabContext(lab.ctx);
    lab.ctx.store.db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return lab;
}
