// The decoded profile model: profile.proto as columnar typed arrays, every id already resolved
// to an index and checked (decode.ts parses, validate.ts resolves). `ProfileData` is plain
// data that crosses a worker boundary (typed arrays are transferred, not copied); `Profile`
// wraps it with a lazily decoded string table. Nothing here mutates after construction: the
// transforms (tree.ts, top.ts, ...) read it and build their own results.
import type { SampleTypeInfo } from '../../shared/profile-types.js';

/** Functions: one entry per profile.proto Function; string fields are string-table indices. */
export interface FunctionTable {
  readonly count: number;
  readonly id: Float64Array;
  readonly name: Int32Array;
  readonly systemName: Int32Array;
  readonly filename: Int32Array;
  readonly startLine: Float64Array;
}

export interface MappingTable {
  readonly count: number;
  readonly id: Float64Array;
  readonly memoryStart: Float64Array;
  readonly memoryLimit: Float64Array;
  readonly fileOffset: Float64Array;
  readonly filename: Int32Array;
  readonly buildId: Int32Array;
  /** bit 0 has_functions, 1 has_filenames, 2 has_line_numbers, 3 has_inline_frames */
  readonly flags: Uint8Array;
}

/** Locations; lines of location i are lines[lineStart[i] .. lineStart[i+1]) (innermost first). */
export interface LocationTable {
  readonly count: number;
  readonly id: Float64Array;
  /** Mapping index, -1 when none. */
  readonly mapping: Int32Array;
  readonly address: Float64Array;
  readonly lineStart: Int32Array;
  readonly isFolded: Uint8Array;
}

export interface LineTable {
  readonly count: number;
  /** Function index (always valid). */
  readonly func: Int32Array;
  readonly line: Float64Array;
  readonly column: Float64Array;
}

/** Sample labels; labels of sample s are [labelStart[s], labelStart[s+1]) when labelStart is set. */
export interface LabelTable {
  readonly count: number;
  readonly key: Int32Array;
  readonly str: Int32Array;
  readonly num: Float64Array;
  readonly numUnit: Int32Array;
}

/** Samples: location indices of sample s are locs[locStart[s] .. locStart[s+1]) leaf first; values are sample-major. */
export interface SampleTable {
  readonly count: number;
  readonly locStart: Int32Array;
  readonly locs: Int32Array;
  readonly values: Float64Array;
  readonly labelStart: Int32Array | null;
}

/** The string table as UTF-8 bytes; string i is bytes[offsets[i] .. offsets[i+1]). */
export interface StringBytes {
  readonly bytes: Uint8Array;
  readonly offsets: Uint32Array;
}

/** Everything decoded, as structured-cloneable data. String fields are string-table indices. */
export interface ProfileData {
  readonly strings: StringBytes;
  readonly sampleTypeType: Int32Array;
  readonly sampleTypeUnit: Int32Array;
  /** String index of default_sample_type, 0 when unset. */
  readonly defaultSampleType: number;
  readonly periodTypeType: number;
  readonly periodTypeUnit: number;
  readonly period: number;
  readonly timeNanos: number;
  readonly durationNanos: number;
  readonly dropFrames: number;
  readonly keepFrames: number;
  readonly docUrl: number;
  readonly comments: Int32Array;
  readonly functions: FunctionTable;
  readonly mappings: MappingTable;
  readonly locations: LocationTable;
  readonly lines: LineTable;
  readonly labels: LabelTable;
  readonly samples: SampleTable;
}

/** Lazily decoded strings (decoded once, on first use). */
export class StringTable {
  readonly count: number;
  readonly #bytes: Uint8Array;
  readonly #offsets: Uint32Array;
  readonly #cache: (string | undefined)[];
  static readonly #decoder = new TextDecoder('utf-8');

  constructor(s: StringBytes) {
    this.#bytes = s.bytes;
    this.#offsets = s.offsets;
    this.count = s.offsets.length - 1;
    this.#cache = new Array<string | undefined>(this.count);
  }

  get(i: number): string {
    const c = this.#cache[i];
    if (c !== undefined) return c;
    if (!(i >= 0 && i < this.count)) throw new RangeError(`string index ${i} out of range`);
    const a = this.#offsets[i];
    const b = this.#offsets[i + 1];
    let s = '';
    if (b > a) {
      // Short ASCII strings are the common case: skip TextDecoder's call overhead.
      if (b - a < 64) {
        let ascii = true;
        for (let k = a; k < b; k++)
          if (this.#bytes[k] >= 0x80) {
            ascii = false;
            break;
          }
        s = ascii
          ? String.fromCharCode.apply(null, this.#bytes.subarray(a, b) as unknown as number[])
          : StringTable.#decoder.decode(this.#bytes.subarray(a, b));
      } else {
        s = StringTable.#decoder.decode(this.#bytes.subarray(a, b));
      }
    }
    this.#cache[i] = s;
    return s;
  }
}

export type ProfileFamily = 'cpu' | 'memory' | 'contention' | 'other';

/** A decoded, validated profile. Immutable. */
export interface Profile extends ProfileData {
  readonly stringTable: StringTable;
  readonly sampleTypes: readonly SampleTypeInfo[];
  /** What kind of profile this is, from its sample and period types. */
  readonly family: ProfileFamily;
  /** The sample type shown when none is asked for (see defaultSampleTypeIndex). */
  readonly defaultSampleTypeIndex: number;
}

/** Wraps decoded data into a Profile. The data must come from validate.ts or builder.ts. */
export function profileFromData(d: ProfileData): Profile {
  const stringTable = new StringTable(d.strings);
  const sampleTypes: SampleTypeInfo[] = [];
  for (let i = 0; i < d.sampleTypeType.length; i++) {
    sampleTypes.push({ type: stringTable.get(d.sampleTypeType[i]), unit: stringTable.get(d.sampleTypeUnit[i]) });
  }
  const family = profileFamily(sampleTypes, stringTable.get(d.periodTypeType));
  const def = d.defaultSampleType ? stringTable.get(d.defaultSampleType) : '';
  return { ...d, stringTable, sampleTypes, family, defaultSampleTypeIndex: defaultSampleTypeIndex(sampleTypes, family, def) };
}

function profileFamily(types: readonly SampleTypeInfo[], periodType: string): ProfileFamily {
  const has = (t: string, u?: string) => types.some((x) => x.type === t && (u === undefined || x.unit === u));
  if (periodType === 'cpu' || has('cpu', 'nanoseconds')) return 'cpu';
  if (has('alloc_space') || has('inuse_space')) return 'memory';
  if (has('delay') && has('contentions')) return 'contention';
  return 'other';
}

/**
 * The default sample type: cpu for CPU profiles, alloc_space for memory profiles (a
 * benchmark's in-use space is near zero, golang/go#24443), delay for block and mutex
 * profiles; otherwise default_sample_type when it names a type, else the last type (as pprof).
 */
export function defaultSampleTypeIndex(types: readonly SampleTypeInfo[], family: ProfileFamily, declared: string): number {
  const find = (t: string) => types.findIndex((x) => x.type === t);
  const pick = family === 'cpu' ? find('cpu') : family === 'memory' ? find('alloc_space') : family === 'contention' ? find('delay') : -1;
  if (pick >= 0) return pick;
  if (declared) {
    const i = find(declared);
    if (i >= 0) return i;
  }
  return types.length - 1;
}

/** Resolves a sample type name (or undefined for the default) to its index; -1 when absent. */
export function sampleTypeIndex(p: Profile, sampleType: string | undefined): number {
  if (sampleType === undefined || sampleType === '') return p.defaultSampleTypeIndex;
  const i = p.sampleTypes.findIndex((x) => x.type === sampleType);
  if (i >= 0) return i;
  // Also accept "type/unit" and a numeric index, like pprof's -sample_index.
  const j = p.sampleTypes.findIndex((x) => `${x.type}/${x.unit}` === sampleType);
  if (j >= 0) return j;
  if (/^\d+$/.test(sampleType) && Number(sampleType) < p.sampleTypes.length) return Number(sampleType);
  return -1;
}

/** Typed arrays of a ProfileData, for a worker's transfer list. */
export function transferables(d: ProfileData): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const add = (a: ArrayBufferView | null) => {
    if (a && a.buffer instanceof ArrayBuffer) out.add(a.buffer);
  };
  add(d.strings.bytes);
  add(d.strings.offsets);
  add(d.sampleTypeType);
  add(d.sampleTypeUnit);
  add(d.comments);
  for (const t of [d.functions, d.mappings, d.locations, d.lines, d.labels, d.samples] as unknown as Record<string, unknown>[]) {
    for (const v of Object.values(t)) if (ArrayBuffer.isView(v)) add(v);
  }
  return [...out];
}
