// Runs one data set through Perflab's compare and through the pinned benchstat, text and CSV,
// and reports the differences. Shared by the parity tests.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readBenchfmtAll } from '../../src/core/benchfmt/index.js';
import { compare, labelInputs, prepareTexts, renderCsv, renderText, type CompareOptions } from '../../src/core/compare/index.js';
import { runBenchstat } from '../helpers/benchstat.js';
import type { DataSet } from './generate.js';

/** benchstat flags -> CompareOptions (the subset the suite uses). */
export function optionsFromFlags(flags: readonly string[]): CompareOptions {
  const o: Record<string, string> = {};
  for (let i = 0; i < flags.length; i += 2) o[flags[i].replace(/^-/, '')] = flags[i + 1];
  return {
    alpha: o.alpha !== undefined ? Number(o.alpha) : 0.05,
    confidence: o.confidence !== undefined ? Number(o.confidence) : 0.95,
    col: o.col,
    row: o.row,
    table: o.table,
    filter: o.filter,
    ignore: o.ignore,
  };
}

export async function writeDataSet(root: string, ds: DataSet): Promise<string> {
  const dir = path.join(root, ds.id);
  await mkdir(dir, { recursive: true });
  for (const f of ds.files) await writeFile(path.join(dir, f.name), f.text);
  return dir;
}

export interface Outputs {
  readonly text: { readonly stdout: string; readonly stderr: string };
  readonly csv: { readonly stdout: string; readonly stderr: string };
}

export function oursFor(ds: DataSet, args: readonly string[] = ds.files.map((f) => f.name)): Outputs {
  const texts = new Map(ds.files.map((f) => [f.name, f.text]));
  const sources = labelInputs(args).map(({ path: p, label }) => ({ name: label, path: p, records: readBenchfmtAll(texts.get(p) ?? '') }));
  const r = compare(sources, optionsFromFlags(ds.flags));
  const out = { text: renderText(r), csv: renderCsv(r) };
  // The fast path from texts must give the very same output.
  const fast = compare(
    prepareTexts(labelInputs(args).map(({ path: p, label }) => ({ name: label, path: p, text: texts.get(p) ?? '' }))),
    optionsFromFlags(ds.flags),
  );
  const fastText = renderText(fast);
  if (fastText.stdout !== out.text.stdout || fastText.stderr !== out.text.stderr)
    throw new Error(`prepareTexts and prepareSources disagree on ${ds.id}`);
  return out;
}

export async function benchstatFor(dir: string, ds: DataSet, args: readonly string[] = ds.files.map((f) => f.name)): Promise<Outputs> {
  const text = await runBenchstat([...ds.flags, ...args], dir);
  const csv = await runBenchstat([...ds.flags, '-format', 'csv', ...args], dir);
  return { text: { stdout: text.stdout, stderr: text.stderr }, csv: { stdout: csv.stdout, stderr: csv.stderr } };
}

/** Differences as readable text; empty when identical. */
export function diffOutputs(id: string, ours: Outputs, theirs: Outputs): string[] {
  const out: string[] = [];
  for (const fmt of ['text', 'csv'] as const) {
    for (const stream of ['stdout', 'stderr'] as const) {
      const a = ours[fmt][stream];
      const b = theirs[fmt][stream];
      if (a !== b) out.push(`${id} ${fmt} ${stream} differs:\n--- benchstat\n${b}\n--- perflab\n${a}`);
    }
  }
  return out;
}
