// A canonical, plain form of a profile's decoded content, from our model and from
// pprof-format (the oracle decoder), so the two can be compared with toEqual; plus an
// independent check of every reference on pprof-format's output (used to prove that nothing
// invalid is ever accepted).
import { gunzipSync } from 'node:zlib';
import { Profile as PfProfile } from 'pprof-format';
import type { Profile } from '../../../../src/core/pprof/model.js';

export interface Canonical {
  readonly strings: string[];
  readonly sampleTypes: number[][];
  readonly samples: { locIds: number[]; values: number[]; labels: number[][] }[];
  readonly mappings: number[][];
  readonly locations: { id: number; mappingId: number; address: number; folded: boolean; lines: number[][] }[];
  readonly functions: number[][];
  readonly scalars: Record<string, number | number[]>;
}

type Num = number | bigint;
const s64 = (v: Num | undefined): number => (v === undefined ? 0 : typeof v === 'bigint' ? Number(BigInt.asIntN(64, v)) : v);
const u64 = (v: Num | undefined): number => (v === undefined ? 0 : typeof v === 'bigint' ? Number(BigInt.asUintN(64, v)) : v);

export function decodeWithPprofFormat(bytes: Uint8Array): PfProfile {
  const raw = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  return PfProfile.decode(raw);
}

export function canonicalFromPprofFormat(p: PfProfile): Canonical {
  return {
    strings: [...p.stringTable.strings],
    sampleTypes: p.sampleType.map((t) => [s64(t.type), s64(t.unit)]),
    samples: p.sample.map((s) => ({
      locIds: s.locationId.map(u64),
      values: s.value.map(s64),
      labels: s.label.map((l) => [s64(l.key), s64(l.str), s64(l.num), s64(l.numUnit)]),
    })),
    mappings: p.mapping.map((m) => [
      u64(m.id),
      u64(m.memoryStart),
      u64(m.memoryLimit),
      u64(m.fileOffset),
      s64(m.filename),
      s64(m.buildId),
      (m.hasFunctions ? 1 : 0) | (m.hasFilenames ? 2 : 0) | (m.hasLineNumbers ? 4 : 0) | (m.hasInlineFrames ? 8 : 0),
    ]),
    locations: p.location.map((l) => ({
      id: u64(l.id),
      mappingId: u64(l.mappingId),
      address: u64(l.address),
      folded: !!l.isFolded,
      lines: l.line.map((ln) => [u64(ln.functionId), s64(ln.line), s64(ln.column)]),
    })),
    functions: p.function.map((f) => [u64(f.id), s64(f.name), s64(f.systemName), s64(f.filename), s64(f.startLine)]),
    scalars: {
      dropFrames: s64(p.dropFrames),
      keepFrames: s64(p.keepFrames),
      timeNanos: s64(p.timeNanos),
      durationNanos: s64(p.durationNanos),
      periodType: p.periodType ? [s64(p.periodType.type), s64(p.periodType.unit)] : [0, 0],
      period: s64(p.period),
      comments: p.comment.map(s64),
      defaultSampleType: s64(p.defaultSampleType),
      docUrl: s64(p.docUrl),
    },
  };
}

export function canonicalFromModel(p: Profile): Canonical {
  const strings: string[] = [];
  for (let i = 0; i < p.stringTable.count; i++) strings.push(p.stringTable.get(i));
  const nt = p.sampleTypes.length;
  const S = p.samples,
    L = p.locations,
    F = p.functions,
    M = p.mappings;
  const samples = [];
  for (let s = 0; s < S.count; s++) {
    const labels: number[][] = [];
    if (S.labelStart)
      for (let k = S.labelStart[s]; k < S.labelStart[s + 1]; k++)
        labels.push([p.labels.key[k], p.labels.str[k], p.labels.num[k], p.labels.numUnit[k]]);
    samples.push({
      locIds: Array.from(S.locs.subarray(S.locStart[s], S.locStart[s + 1]), (l) => L.id[l]),
      values: Array.from(S.values.subarray(s * nt, s * nt + nt)),
      labels,
    });
  }
  const locations = [];
  for (let l = 0; l < L.count; l++) {
    const lines: number[][] = [];
    for (let k = L.lineStart[l]; k < L.lineStart[l + 1]; k++) lines.push([F.id[p.lines.func[k]], p.lines.line[k], p.lines.column[k]]);
    locations.push({
      id: L.id[l],
      mappingId: L.mapping[l] >= 0 ? M.id[L.mapping[l]] : 0,
      address: L.address[l],
      folded: L.isFolded[l] === 1,
      lines,
    });
  }
  return {
    strings,
    sampleTypes: Array.from(p.sampleTypeType, (t, i) => [t, p.sampleTypeUnit[i]]),
    samples,
    mappings: Array.from({ length: M.count }, (_, m) => [
      M.id[m],
      M.memoryStart[m],
      M.memoryLimit[m],
      M.fileOffset[m],
      M.filename[m],
      M.buildId[m],
      M.flags[m],
    ]),
    locations,
    functions: Array.from({ length: F.count }, (_, f) => [F.id[f], F.name[f], F.systemName[f], F.filename[f], F.startLine[f]]),
    scalars: {
      dropFrames: p.dropFrames,
      keepFrames: p.keepFrames,
      timeNanos: p.timeNanos,
      durationNanos: p.durationNanos,
      periodType: [p.periodTypeType, p.periodTypeUnit],
      period: p.period,
      comments: Array.from(p.comments),
      defaultSampleType: p.defaultSampleType,
      docUrl: p.docUrl,
    },
  };
}

/** Independent validity check of a canonical profile: the reason it is invalid, or null. */
export function invalidity(c: Canonical): string | null {
  const ns = c.strings.length;
  const str = (i: number) => Number.isInteger(i) && i >= 0 && i < ns;
  if (ns === 0 || c.strings[0] !== '') return 'string table must start with ""';
  if (c.sampleTypes.length === 0) return 'no sample types';
  if (!c.sampleTypes.every(([t, u]) => str(t) && str(u))) return 'sample type string';
  const ids = (xs: number[], what: string): Set<number> | string => {
    const set = new Set<number>();
    for (const id of xs) {
      if (id === 0 || !Number.isSafeInteger(id)) return `${what} id ${id}`;
      if (set.has(id)) return `duplicate ${what} id ${id}`;
      set.add(id);
    }
    return set;
  };
  const fids = ids(
    c.functions.map((f) => f[0]),
    'function',
  );
  if (typeof fids === 'string') return fids;
  const mids = ids(
    c.mappings.map((m) => m[0]),
    'mapping',
  );
  if (typeof mids === 'string') return mids;
  const lids = ids(
    c.locations.map((l) => l.id),
    'location',
  );
  if (typeof lids === 'string') return lids;
  for (const f of c.functions) if (!str(f[1]) || !str(f[2]) || !str(f[3])) return 'function string';
  for (const m of c.mappings) if (!str(m[4]) || !str(m[5])) return 'mapping string';
  for (const l of c.locations) {
    if (l.mappingId !== 0 && !mids.has(l.mappingId)) return 'location mapping';
    for (const ln of l.lines) if (!fids.has(ln[0])) return 'line function';
  }
  for (const s of c.samples) {
    if (s.values.length !== c.sampleTypes.length) return 'value count';
    for (const id of s.locIds) if (!lids.has(id)) return 'sample location';
    for (const lab of s.labels) if (!str(lab[0]) || !str(lab[1]) || !str(lab[3])) return 'label string';
  }
  const sc = c.scalars;
  for (const k of ['dropFrames', 'keepFrames', 'defaultSampleType', 'docUrl'] as const) if (!str(sc[k] as number)) return `${k} string`;
  if (!(sc.periodType as number[]).every(str)) return 'period type string';
  if (!(sc.comments as number[]).every(str)) return 'comment string';
  return null;
}
