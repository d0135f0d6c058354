// Resolves and checks every reference of a parsed profile (decode.ts) and produces the model's
// data (model.ts): ids non-zero and unique, every location/function/mapping id present, every
// string index inside the string table, one value per sample type in every sample. A profile
// either passes all of it or is rejected with a ProfileCorrupt naming the field: the
// transforms downstream index arrays without further checks.
import type { RawProfile } from './decode.js';
import type { ProfileData } from './model.js';
import { fail } from '../../shared/errors.js';
import { corrupt } from './wire.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Maps ids to indices: a dense table when ids are small, a Map otherwise. */
class IdIndex {
  readonly #dense: Int32Array | null;
  readonly #sparse: Map<number, number> | null;

  constructor(ids: Float64Array, field: string) {
    let max = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id === 0) corrupt(`${field}.id`, `entry ${i} has the reserved id 0`);
      if (!(id <= MAX_SAFE)) corrupt(`${field}.id`, `entry ${i} has an id above 2^53`);
      if (id > max) max = id;
    }
    if (max <= ids.length * 4 + 1024) {
      const dense = new Int32Array(max + 1).fill(-1);
      for (let i = 0; i < ids.length; i++) {
        if (dense[ids[i]] !== -1) corrupt(`${field}.id`, `id ${ids[i]} appears twice`);
        dense[ids[i]] = i;
      }
      this.#dense = dense;
      this.#sparse = null;
    } else {
      const m = new Map<number, number>();
      for (let i = 0; i < ids.length; i++) {
        if (m.has(ids[i])) corrupt(`${field}.id`, `id ${ids[i]} appears twice`);
        m.set(ids[i], i);
      }
      this.#dense = null;
      this.#sparse = m;
    }
  }

  /** Index of `id`, or -1. */
  get(id: number): number {
    if (this.#dense) return id < this.#dense.length ? this.#dense[id] : -1;
    return this.#sparse!.get(id) ?? -1;
  }

  /** The dense table when there is one (hot loops read it directly). */
  get dense(): Int32Array | null {
    return this.#dense;
  }
}

/** Checks string indices and converts them to an Int32Array. */
function strIdx(a: Float64Array, nStrings: number, field: string): Int32Array {
  const out = new Int32Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (!(v >= 0 && v < nStrings)) corrupt(field, `string index ${v} outside the string table (${nStrings} strings)`);
    out[i] = v;
  }
  return out;
}

function oneStr(v: number, nStrings: number, field: string): number {
  if (!(v >= 0 && v < nStrings)) corrupt(field, `string index ${v} outside the string table (${nStrings} strings)`);
  return v;
}

/** Validates a parsed profile and builds the model's data; `buf` holds the string bytes. */
export function validateProfile(r: RawProfile, buf: Uint8Array): ProfileData {
  // Strings: copied into one compact buffer so the inflated input can be dropped.
  const nStrings = r.stringStart.length;
  if (nStrings === 0) corrupt('string_table', 'the string table is empty');
  if (r.stringEnd[0] !== r.stringStart[0]) corrupt('string_table', 'entry 0 must be the empty string');
  let total = 0;
  for (let i = 0; i < nStrings; i++) total += r.stringEnd[i] - r.stringStart[i];
  const bytes = new Uint8Array(total);
  const offsets = new Uint32Array(nStrings + 1);
  let o = 0;
  for (let i = 0; i < nStrings; i++) {
    offsets[i] = o;
    bytes.set(buf.subarray(r.stringStart[i], r.stringEnd[i]), o);
    o += r.stringEnd[i] - r.stringStart[i];
  }
  offsets[nStrings] = o;

  const nTypes = r.sampleTypeType.length;
  if (nTypes === 0) corrupt('sample_type', 'the profile declares no sample types');
  const sampleTypeType = strIdx(r.sampleTypeType, nStrings, 'sample_type.type');
  const sampleTypeUnit = strIdx(r.sampleTypeUnit, nStrings, 'sample_type.unit');
  if (r.sampleCount > 0 && r.valuesPerSample !== nTypes) {
    corrupt('sample.value', `samples have ${r.valuesPerSample} values for ${nTypes} sample types`);
  }

  // Functions.
  const funcIndex = new IdIndex(r.funcId, 'function');
  const functions = {
    count: r.funcId.length,
    id: r.funcId,
    name: strIdx(r.funcName, nStrings, 'function.name'),
    systemName: strIdx(r.funcSystemName, nStrings, 'function.system_name'),
    filename: strIdx(r.funcFile, nStrings, 'function.filename'),
    startLine: r.funcStartLine,
  };

  // Mappings.
  const mapIndex = new IdIndex(r.mapId, 'mapping');
  const mappings = {
    count: r.mapId.length,
    id: r.mapId,
    memoryStart: r.mapStart,
    memoryLimit: r.mapLimit,
    fileOffset: r.mapOffset,
    filename: strIdx(r.mapFile, nStrings, 'mapping.filename'),
    buildId: strIdx(r.mapBuildId, nStrings, 'mapping.build_id'),
    flags: r.mapFlags,
  };

  // Locations and their lines.
  const nLocs = r.locId.length;
  const locIndex = new IdIndex(r.locId, 'location');
  const locMapping = new Int32Array(nLocs);
  for (let i = 0; i < nLocs; i++) {
    const mid = r.locMapId[i];
    if (mid === 0) {
      locMapping[i] = -1;
      continue;
    }
    const m = mid <= MAX_SAFE ? mapIndex.get(mid) : -1;
    if (m < 0) corrupt('location.mapping_id', `location ${r.locId[i]} refers to missing mapping ${mid}`);
    locMapping[i] = m;
  }
  const nLines = r.lineFuncId.length;
  const lineFunc = new Int32Array(nLines);
  for (let i = 0; i < nLines; i++) {
    const fid = r.lineFuncId[i];
    const f = fid !== 0 && fid <= MAX_SAFE ? funcIndex.get(fid) : -1;
    if (f < 0) corrupt('location.line.function_id', fid === 0 ? 'a line has no function id' : `a line refers to missing function ${fid}`);
    lineFunc[i] = f;
  }

  // Samples: location ids become location indices in place (same buffer, Int32 view).
  const ids = r.sampleLocIds;
  const locs = new Int32Array(ids.buffer, ids.byteOffset, ids.length);
  // Every transform walks each sample's frames (a location's lines), so their total bounds
  // the work and memory of everything downstream: a small file must not expand without limit.
  const lineCount = new Int32Array(nLocs);
  for (let l = 0; l < nLocs; l++) lineCount[l] = Math.max(1, r.locLineStart[l + 1] - r.locLineStart[l]);
  let frames = 0;
  const dense = locIndex.dense;
  if (dense) {
    const dl = dense.length;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      const li = id < dl ? dense[id] : -1;
      if (li < 0) corrupt('sample.location_id', `a sample refers to missing location ${id}`);
      locs[i] = li;
      frames += lineCount[li];
    }
  } else {
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      const li = locIndex.get(id);
      if (li < 0) corrupt('sample.location_id', `a sample refers to missing location ${id}`);
      locs[i] = li;
      frames += lineCount[li];
    }
  }

  const maxFrames = 16 * buf.length + (1 << 20);
  if (frames > maxFrames) {
    fail(
      'ProfileTooLarge',
      { size: frames, limit: maxFrames, stage: 'uncompressed' },
      `its stacks expand to ${frames} frames (inlined lines included), more than 16 per byte`,
    );
  }

  // Labels.
  const nLabels = r.labelSample.length;
  let labelStart: Int32Array | null = null;
  if (nLabels > 0) {
    labelStart = new Int32Array(r.sampleCount + 1);
    for (let i = 0; i < nLabels; i++) labelStart[r.labelSample[i] + 1]++;
    for (let s = 0; s < r.sampleCount; s++) labelStart[s + 1] += labelStart[s];
  }
  const labels = {
    count: nLabels,
    key: strIdx(r.labelKey, nStrings, 'sample.label.key'),
    str: strIdx(r.labelStr, nStrings, 'sample.label.str'),
    num: r.labelNum,
    numUnit: strIdx(r.labelNumUnit, nStrings, 'sample.label.num_unit'),
  };

  return {
    strings: { bytes, offsets },
    sampleTypeType,
    sampleTypeUnit,
    defaultSampleType: oneStr(r.defaultSampleType, nStrings, 'default_sample_type'),
    periodTypeType: oneStr(r.periodTypeType, nStrings, 'period_type.type'),
    periodTypeUnit: oneStr(r.periodTypeUnit, nStrings, 'period_type.unit'),
    period: r.period,
    timeNanos: r.timeNanos,
    durationNanos: r.durationNanos,
    dropFrames: oneStr(r.dropFrames, nStrings, 'drop_frames'),
    keepFrames: oneStr(r.keepFrames, nStrings, 'keep_frames'),
    docUrl: oneStr(r.docUrl, nStrings, 'doc_url'),
    comments: strIdx(r.comments, nStrings, 'comment'),
    functions,
    mappings,
    locations: { count: nLocs, id: r.locId, mapping: locMapping, address: r.locAddress, lineStart: r.locLineStart, isFolded: r.locFolded },
    lines: { count: nLines, func: lineFunc, line: r.lineLine, column: r.lineColumn },
    labels,
    samples: { count: r.sampleCount, locStart: r.sampleLocStart, locs, values: r.values, labelStart },
  };
}
