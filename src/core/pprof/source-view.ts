// Per-line flat/cum of one function's source (pprof's `list`): for every sample, each line of
// the function on the stack gets cum once and the leaf line gets flat. The text comes from a
// `readSource` callback (the lab maps trimpath'ed file names to the repository); without it
// the lines still carry their numbers and values.
import { fail } from '../../shared/errors.js';
import type { SourceLine, SourceView } from '../../shared/profile-types.js';
import { frameView } from './filter.js';
import { frameTable } from './frames.js';
import type { Profile } from './model.js';
import { profileTotal, resolveSampleType, type TreeOptions } from './tree.js';

/** Lines of context shown after the last line with samples. */
const CONTEXT = 2;
/** At most this many lines are listed (a function longer than that shows its sampled lines). */
const MAX_SPAN = 2000;

export type ReadSource = (file: string) => Promise<string | null>;

export interface FunctionLines {
  readonly frame: number;
  readonly flat: ReadonlyMap<number, number>;
  readonly cum: ReadonlyMap<number, number>;
}

/** Per-line flat and cum of one function (by name). */
export function functionLines(p: Profile, func: string, opts: TreeOptions = {}): FunctionLines {
  const ti = resolveSampleType(p, opts.sampleType);
  const ft = frameTable(p);
  const f = ft.byName.get(func);
  if (f === undefined) fail('InvalidInput', { field: 'func', value: func }, 'no such function in this profile');
  const { locFrameStart, locFrames, locFrameLine, keep } = frameView(p, opts);
  const S = p.samples;
  const nt = p.sampleTypes.length;
  const flat = new Map<number, number>();
  const cum = new Map<number, number>();
  const seen = new Map<number, number>();
  for (let s = 0; s < S.count; s++) {
    if (keep !== null && keep[s] === 0) continue;
    const w = S.values[s * nt + ti];
    if (w === 0) continue;
    let leaf = true;
    for (let li = S.locStart[s]; li < S.locStart[s + 1]; li++) {
      const loc = S.locs[li];
      for (let k = locFrameStart[loc]; k < locFrameStart[loc + 1]; k++) {
        if (locFrames[k] === f && locFrameLine[k] >= 0) {
          const line = p.lines.line[locFrameLine[k]];
          if (leaf) flat.set(line, (flat.get(line) ?? 0) + w);
          if (seen.get(line) !== s) {
            seen.set(line, s);
            cum.set(line, (cum.get(line) ?? 0) + w);
          }
        }
        leaf = false;
      }
    }
  }
  return { frame: f, flat, cum };
}

export async function sourceView(p: Profile, func: string, readSource: ReadSource, opts: TreeOptions = {}): Promise<SourceView> {
  const ti = resolveSampleType(p, opts.sampleType);
  const ft = frameTable(p);
  const { frame: f, flat, cum } = functionLines(p, func, opts);
  const file = ft.files[f];
  const text = file ? await readSource(file) : null;
  const source = text === null ? null : text.split(/\r?\n/);
  const sampled = [...cum.keys()].filter((l) => l > 0).sort((a, b) => a - b);
  const start = ft.startLines[f] > 0 ? ft.startLines[f] : (sampled[0] ?? 0);
  const last = sampled.length > 0 ? Math.max(sampled[sampled.length - 1], start) : start;
  let numbers: number[];
  if (start <= 0) numbers = sampled;
  else if (last - start <= MAX_SPAN) {
    const stop = source ? Math.min(last + CONTEXT, source.length) : last;
    numbers = [];
    for (let l = start; l <= Math.max(stop, last); l++) numbers.push(l);
  } else numbers = sampled;
  const lines: SourceLine[] = numbers.map((line) => ({
    line,
    text: source && line - 1 < source.length ? source[line - 1] : '',
    flat: flat.get(line) ?? 0,
    cum: cum.get(line) ?? 0,
  }));
  return { func, file, lines, found: source !== null, sampleType: p.sampleTypes[ti], total: profileTotal(p, ti) };
}
