// Merging profiles (repetitions of a benchmark, or several benchmarks) into one, as pprof
// does when given several files: the sample types must be the same; functions, mappings and
// locations are shared by content; samples are appended (all views sum them, so equal stacks
// need no folding); durations add up and the period is the largest.
import { fail } from '../../shared/errors.js';
import { ProfileBuilder } from './builder.js';
import type { Profile } from './model.js';

export function mergeProfiles(ps: readonly Profile[]): Profile {
  if (ps.length === 0) fail('InvalidInput', { field: 'profiles', value: '[]' }, 'nothing to merge');
  if (ps.length === 1) return ps[0];
  const first = ps[0];
  const sig = (p: Profile) => p.sampleTypes.map((t) => `${t.type}/${t.unit}`).join(',');
  for (const p of ps) {
    if (sig(p) !== sig(first))
      fail(
        'InvalidInput',
        { field: 'profiles', value: `${sig(first)} vs ${sig(p)}` },
        'profiles with different sample types cannot be merged',
      );
  }
  const s0 = first.stringTable;
  const periodType =
    first.periodTypeType || first.periodTypeUnit ? { type: s0.get(first.periodTypeType), unit: s0.get(first.periodTypeUnit) } : undefined;
  const comments = new Set<string>();
  let duration = 0,
    period = 0,
    time = 0;
  for (const p of ps) {
    for (const c of p.comments) comments.add(p.stringTable.get(c));
    duration += p.durationNanos;
    period = Math.max(period, p.period);
    if (p.timeNanos > 0 && (time === 0 || p.timeNanos < time)) time = p.timeNanos;
  }
  const b = new ProfileBuilder({
    sampleTypes: first.sampleTypes,
    periodType,
    period,
    timeNanos: time,
    durationNanos: duration,
    comments: [...comments],
    defaultSampleType: first.defaultSampleType ? s0.get(first.defaultSampleType) : undefined,
    dropFrames: first.dropFrames ? s0.get(first.dropFrames) : undefined,
    keepFrames: first.keepFrames ? s0.get(first.keepFrames) : undefined,
  });
  const mapKeys = new Map<string, number>();
  const locKeys = new Map<string, number>();
  for (const p of ps) {
    const s = p.stringTable;
    const F = p.functions,
      M = p.mappings,
      L = p.locations;
    const funcMap = new Int32Array(F.count);
    for (let f = 0; f < F.count; f++)
      funcMap[f] = b.addFunction(s.get(F.name[f]), s.get(F.filename[f]), F.startLine[f], s.get(F.systemName[f]));
    const mapMap = new Int32Array(M.count);
    for (let m = 0; m < M.count; m++) {
      const file = s.get(M.filename[m]),
        buildId = s.get(M.buildId[m]);
      const key = `${file}\u0000${buildId}\u0000${M.memoryStart[m]}\u0000${M.memoryLimit[m]}\u0000${M.fileOffset[m]}`;
      let i = mapKeys.get(key);
      if (i === undefined) {
        const fl = M.flags[m];
        i = b.addMapping({
          memoryStart: M.memoryStart[m],
          memoryLimit: M.memoryLimit[m],
          fileOffset: M.fileOffset[m],
          filename: file,
          buildId,
          hasFunctions: (fl & 1) !== 0,
          hasFilenames: (fl & 2) !== 0,
          hasLineNumbers: (fl & 4) !== 0,
          hasInlineFrames: (fl & 8) !== 0,
        });
        mapKeys.set(key, i);
      }
      mapMap[m] = i;
    }
    const locMap = new Int32Array(L.count);
    for (let l = 0; l < L.count; l++) {
      const mapping = L.mapping[l] >= 0 ? mapMap[L.mapping[l]] : -1;
      const lines = [];
      let key = `${mapping}:${L.address[l]}:${L.isFolded[l]}`;
      for (let k = L.lineStart[l]; k < L.lineStart[l + 1]; k++) {
        const ln = { func: funcMap[p.lines.func[k]], line: p.lines.line[k], column: p.lines.column[k] };
        lines.push(ln);
        key += `|${ln.func}:${ln.line}:${ln.column}`;
      }
      let i = locKeys.get(key);
      if (i === undefined) {
        i = b.addLocation(lines, mapping, L.address[l], L.isFolded[l] === 1);
        locKeys.set(key, i);
      }
      locMap[l] = i;
    }
    const S = p.samples;
    const nt = p.sampleTypes.length;
    const locs: number[] = [];
    for (let x = 0; x < S.count; x++) {
      locs.length = 0;
      for (let k = S.locStart[x]; k < S.locStart[x + 1]; k++) locs.push(locMap[S.locs[k]]);
      const labels = [];
      if (S.labelStart) {
        for (let k = S.labelStart[x]; k < S.labelStart[x + 1]; k++) {
          labels.push({
            key: s.get(p.labels.key[k]),
            str: s.get(p.labels.str[k]),
            num: p.labels.num[k],
            numUnit: s.get(p.labels.numUnit[k]),
          });
        }
      }
      b.addSample(locs, S.values.subarray(x * nt, x * nt + nt), labels);
    }
  }
  return b.finish();
}
