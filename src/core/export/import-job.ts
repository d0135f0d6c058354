// A large benchfmt import, run in a worker thread (decode-worker.ts in import mode, started by
// the runs API): parsing and planning take seconds for tens of MB of text, and inserting
// hundreds of thousands of results longer, so none of it may run on the lab server's event
// loop. The worker opens its own connection to the database and commits in chunks, so a lab
// write in the meantime waits for one chunk (a few hundred ms), never the whole import. The
// text is planned chunk by chunk as it is read (streamImport), so only one chunk of planned
// results is ever held. The run is made with the first chunk and is `running` ("importing: N
// results so far") until the last chunk is in, then `completed`; a failed import deletes it,
// and one cut short by the process dying is found `interrupted` at the next start.
import type { Parsed } from '../../shared/api.js';
import type { RunRef } from '../../shared/models.js';
import { fail } from '../../shared/errors.js';
import { parseInput } from '../lab-input.js';
import { readBenchfmt } from '../benchfmt/index.js';
import { selfIdentity } from '../proc/process-identity.js';
import { openDb } from '../store/open-db.js';
import { insertResults, ResultKeyCache, setUnitMeta } from '../store/results.js';
import { addRunRefs, createRun, deleteRun, updateRun } from '../store/runs.js';
import { streamImport } from './import-benchfmt.js';

export interface ImportJob {
  readonly dbPath: string;
  readonly nativeBinding?: string;
  /** The texts; or `body`: the HTTP request body (JSON of importBenchfmt's input), parsed and validated here. */
  readonly files?: readonly { readonly name: string; readonly text: string }[];
  readonly label?: string;
  readonly body?: Uint8Array;
  /** Results per transaction (default 5,000). */
  readonly chunk?: number;
}

/** Told the id of the run as soon as it exists (so a caller can remove it if the worker dies). */
export type OnRunCreated = (runId: number) => void;

export interface ImportJobResult {
  readonly runId: number;
  readonly results: number;
  readonly syntaxErrors: readonly { file: string; line: number; message: string }[];
}

/** The import's files and label: given, or from a JSON body checked with the API's schema. */
function inputOf(job: ImportJob): { readonly files: readonly { readonly name: string; readonly text: string }[]; readonly label: string } {
  if (!job.body) return { files: job.files ?? [], label: job.label ?? '' };
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(job.body));
  } catch (err) {
    fail('InvalidInput', {}, `bad request body: ${(err as Error).message}`);
  }
  return parseInput('importBenchfmt', value) as Parsed<'importBenchfmt'>;
}

export function runImportJob(raw: ImportJob, onCreated: OnRunCreated = () => undefined): ImportJobResult {
  const job = { ...raw, ...inputOf(raw) };
  const { db } = openDb(job.dbPath, { nativeBinding: job.nativeBinding });
  // The run is made with the first batch of results (none: nothing is stored), its columns as
  // they appear; planned and stored batch by batch, so the import holds one batch at a time.
  let id: number | null = null;
  let refs: RunRef[] = [];
  let keys: ResultKeyCache | null = null;
  let stored = 0;
  try {
    const summary = streamImport(
      job.files.map((f) => ({ name: f.name, records: readBenchfmt(f.text) })),
      job.chunk ?? 5000,
      (batch, columns) => {
        if (id === null) {
          const me = selfIdentity();
          id = createRun(db, {
            repoId: null,
            repoPath: '',
            kind: 'imported',
            label: job.label || job.files.map((f) => f.name).join(' '),
            status: 'running',
            spec: null,
            ownerPid: me.pid,
            ownerStart: me.start,
          });
          onCreated(id);
          keys = new ResultKeyCache(id);
          updateRun(db, id, { startedAt: new Date().toISOString() });
        }
        if (columns.length > refs.length)
          refs = addRunRefs(
            db,
            id,
            columns.slice(refs.length).map((c) => ({ label: c.label, name: c.label, sha: c.sha, dirty: c.dirty, variant: null })),
          );
        insertResults(
          db,
          id,
          batch.map((r) => ({ ...r, runRefId: refs[r.runRefId].id })),
          keys!,
        );
        stored += batch.length;
        updateRun(db, id, { statusDetail: `importing: ${stored} results so far` });
      },
    );
    if (id === null) {
      const e = summary.syntaxErrors[0];
      fail('ParseError', { file: e?.file ?? job.files[0].name, line: e?.line }, 'no benchmark results found');
    }
    const runId: number = id;
    db.transaction(() => {
      for (const m of summary.unitMeta) setUnitMeta(db, runId, m.unit, m.key, m.value);
      updateRun(db, runId, {
        status: 'completed',
        finishedAt: new Date().toISOString(),
        statusDetail: `${summary.resultCount} results imported`,
        notes: summary.syntaxErrors.slice(0, 100).map((e) => `${e.file}:${e.line}: ${e.message}`),
      });
    })();
    return { runId, results: summary.resultCount, syntaxErrors: summary.syntaxErrors };
  } catch (err) {
    if (id !== null) deleteRun(db, id);
    throw err;
  } finally {
    db.close();
  }
}
