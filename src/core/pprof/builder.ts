// Builds a Profile in code (merge.ts, tests, the synthetic generator in bench/): interned
// strings, functions, mappings, locations and samples appended by index, then `finish()`
// freezes them into the same columnar model the decoder produces. Ids are index + 1.
import { fail } from '../../shared/errors.js';
import type { SampleTypeInfo } from '../../shared/profile-types.js';
import { profileFromData, type Profile } from './model.js';
import { GrowF64, GrowI32, GrowU8 } from './wire.js';

export interface BuilderOptions {
  readonly sampleTypes: readonly SampleTypeInfo[];
  readonly periodType?: SampleTypeInfo;
  readonly period?: number;
  readonly defaultSampleType?: string;
  readonly timeNanos?: number;
  readonly durationNanos?: number;
  readonly comments?: readonly string[];
  readonly dropFrames?: string;
  readonly keepFrames?: string;
}

export interface LineInput {
  readonly func: number;
  readonly line?: number;
  readonly column?: number;
}
export interface LabelInput {
  readonly key: string;
  readonly str?: string;
  readonly num?: number;
  readonly numUnit?: string;
}
export interface MappingInput {
  readonly memoryStart?: number;
  readonly memoryLimit?: number;
  readonly fileOffset?: number;
  readonly filename?: string;
  readonly buildId?: string;
  readonly hasFunctions?: boolean;
  readonly hasFilenames?: boolean;
  readonly hasLineNumbers?: boolean;
  readonly hasInlineFrames?: boolean;
}

export class ProfileBuilder {
  readonly #strings: string[] = [''];
  readonly #stringIndex = new Map<string, number>([['', 0]]);
  readonly #o: BuilderOptions;
  readonly #nTypes: number;
  readonly #funcKey = new Map<string, number>();
  readonly #t = {
    fName: new GrowI32(),
    fSys: new GrowI32(),
    fFile: new GrowI32(),
    fStart: new GrowF64(),
    mStart: new GrowF64(),
    mLimit: new GrowF64(),
    mOffset: new GrowF64(),
    mFile: new GrowI32(),
    mBuild: new GrowI32(),
    mFlags: new GrowU8(),
    lMap: new GrowI32(),
    lAddr: new GrowF64(),
    lFolded: new GrowU8(),
    lLineStart: new GrowI32(),
    lnFunc: new GrowI32(),
    lnLine: new GrowF64(),
    lnCol: new GrowF64(),
    sLocStart: new GrowI32(),
    sLocs: new GrowI32(1024),
    sValues: new GrowF64(1024),
    labSample: new GrowI32(),
    labKey: new GrowI32(),
    labStr: new GrowI32(),
    labNum: new GrowF64(),
    labUnit: new GrowI32(),
  };
  #sampleCount = 0;

  constructor(o: BuilderOptions) {
    if (o.sampleTypes.length === 0) fail('InvalidInput', { field: 'sampleTypes', value: '[]' });
    this.#o = o;
    this.#nTypes = o.sampleTypes.length;
    this.#t.lLineStart.push(0);
    this.#t.sLocStart.push(0);
  }

  get locationCount(): number {
    return this.#t.lMap.n;
  }
  get functionCount(): number {
    return this.#t.fName.n;
  }
  get sampleCount(): number {
    return this.#sampleCount;
  }

  /** Interns a string; returns its string-table index. */
  str(s: string): number {
    let i = this.#stringIndex.get(s);
    if (i === undefined) {
      i = this.#strings.length;
      this.#strings.push(s);
      this.#stringIndex.set(s, i);
    }
    return i;
  }

  /** Adds (or reuses) a function; returns its index. */
  addFunction(name: string, filename = '', startLine = 0, systemName = name): number {
    const key = `${name}\u0000${filename}\u0000${startLine}\u0000${systemName}`;
    const known = this.#funcKey.get(key);
    if (known !== undefined) return known;
    const i = this.#t.fName.n;
    this.#t.fName.push(this.str(name));
    this.#t.fSys.push(this.str(systemName));
    this.#t.fFile.push(this.str(filename));
    this.#t.fStart.push(startLine);
    this.#funcKey.set(key, i);
    return i;
  }

  addMapping(m: MappingInput): number {
    const i = this.#t.mFile.n;
    this.#t.mStart.push(m.memoryStart ?? 0);
    this.#t.mLimit.push(m.memoryLimit ?? 0);
    this.#t.mOffset.push(m.fileOffset ?? 0);
    this.#t.mFile.push(this.str(m.filename ?? ''));
    this.#t.mBuild.push(this.str(m.buildId ?? ''));
    this.#t.mFlags.push((m.hasFunctions ? 1 : 0) | (m.hasFilenames ? 2 : 0) | (m.hasLineNumbers ? 4 : 0) | (m.hasInlineFrames ? 8 : 0));
    return i;
  }

  /** Adds a location; `lines` innermost (inlined) first, caller last. Returns its index. */
  addLocation(lines: readonly LineInput[], mapping = -1, address = 0, isFolded = false): number {
    if (mapping >= this.#t.mFile.n) fail('InvalidInput', { field: 'mapping', value: String(mapping) });
    const i = this.#t.lMap.n;
    this.#t.lMap.push(mapping);
    this.#t.lAddr.push(address);
    this.#t.lFolded.push(isFolded ? 1 : 0);
    for (const ln of lines) {
      if (!(ln.func >= 0 && ln.func < this.#t.fName.n)) fail('InvalidInput', { field: 'line.func', value: String(ln.func) });
      this.#t.lnFunc.push(ln.func);
      this.#t.lnLine.push(ln.line ?? 0);
      this.#t.lnCol.push(ln.column ?? 0);
    }
    this.#t.lLineStart.push(this.#t.lnFunc.n);
    return i;
  }

  /** Adds a sample: location indices leaf first, one value per sample type. */
  addSample(locs: ArrayLike<number>, values: ArrayLike<number>, labels?: readonly LabelInput[]): void {
    if (values.length !== this.#nTypes)
      fail('InvalidInput', { field: 'values', value: `${values.length} values for ${this.#nTypes} types` });
    const nl = this.#t.lMap.n;
    for (let k = 0; k < locs.length; k++) {
      const l = locs[k];
      if (!(l >= 0 && l < nl)) fail('InvalidInput', { field: 'locs', value: String(l) });
      this.#t.sLocs.push(l);
    }
    for (let k = 0; k < values.length; k++) this.#t.sValues.push(values[k]);
    for (const lab of labels ?? []) {
      this.#t.labSample.push(this.#sampleCount);
      this.#t.labKey.push(this.str(lab.key));
      this.#t.labStr.push(this.str(lab.str ?? ''));
      this.#t.labNum.push(lab.num ?? 0);
      this.#t.labUnit.push(this.str(lab.numUnit ?? ''));
    }
    this.#sampleCount++;
    this.#t.sLocStart.push(this.#t.sLocs.n);
  }

  finish(): Profile {
    const o = this.#o;
    // Intern every option string before the table is frozen.
    const sampleTypeType = Int32Array.from(o.sampleTypes, (t) => this.str(t.type));
    const sampleTypeUnit = Int32Array.from(o.sampleTypes, (t) => this.str(t.unit));
    const defaultSampleType = o.defaultSampleType ? this.str(o.defaultSampleType) : 0;
    const periodTypeType = o.periodType ? this.str(o.periodType.type) : 0;
    const periodTypeUnit = o.periodType ? this.str(o.periodType.unit) : 0;
    const dropFrames = o.dropFrames ? this.str(o.dropFrames) : 0;
    const keepFrames = o.keepFrames ? this.str(o.keepFrames) : 0;
    const comments = Int32Array.from(o.comments ?? [], (c) => this.str(c));
    const enc = new TextEncoder();
    const parts = this.#strings.map((s) => enc.encode(s));
    const offsets = new Uint32Array(parts.length + 1);
    let total = 0;
    parts.forEach((p, i) => {
      offsets[i] = total;
      total += p.length;
    });
    offsets[parts.length] = total;
    const bytes = new Uint8Array(total);
    parts.forEach((p, i) => bytes.set(p, offsets[i]));
    const seq = (n: number) => Float64Array.from({ length: n }, (_, i) => i + 1);
    const nSamples = this.#sampleCount;
    let labelStart: Int32Array | null = null;
    if (this.#t.labSample.n > 0) {
      labelStart = new Int32Array(nSamples + 1);
      for (let i = 0; i < this.#t.labSample.n; i++) labelStart[this.#t.labSample.a[i] + 1]++;
      for (let s = 0; s < nSamples; s++) labelStart[s + 1] += labelStart[s];
    }
    return profileFromData({
      strings: { bytes, offsets },
      sampleTypeType,
      sampleTypeUnit,
      defaultSampleType,
      periodTypeType,
      periodTypeUnit,
      period: o.period ?? 0,
      timeNanos: o.timeNanos ?? 0,
      durationNanos: o.durationNanos ?? 0,
      dropFrames,
      keepFrames,
      docUrl: 0,
      comments,
      functions: {
        count: this.#t.fName.n,
        id: seq(this.#t.fName.n),
        name: this.#t.fName.trim(),
        systemName: this.#t.fSys.trim(),
        filename: this.#t.fFile.trim(),
        startLine: this.#t.fStart.trim(),
      },
      mappings: {
        count: this.#t.mFile.n,
        id: seq(this.#t.mFile.n),
        memoryStart: this.#t.mStart.trim(),
        memoryLimit: this.#t.mLimit.trim(),
        fileOffset: this.#t.mOffset.trim(),
        filename: this.#t.mFile.trim(),
        buildId: this.#t.mBuild.trim(),
        flags: this.#t.mFlags.trim(),
      },
      locations: {
        count: this.#t.lMap.n,
        id: seq(this.#t.lMap.n),
        mapping: this.#t.lMap.trim(),
        address: this.#t.lAddr.trim(),
        lineStart: this.#t.lLineStart.trim(),
        isFolded: this.#t.lFolded.trim(),
      },
      lines: { count: this.#t.lnFunc.n, func: this.#t.lnFunc.trim(), line: this.#t.lnLine.trim(), column: this.#t.lnCol.trim() },
      labels: {
        count: this.#t.labSample.n,
        key: this.#t.labKey.trim(),
        str: this.#t.labStr.trim(),
        num: this.#t.labNum.trim(),
        numUnit: this.#t.labUnit.trim(),
      },
      samples: {
        count: nSamples,
        locStart: this.#t.sLocStart.trim(),
        locs: this.#t.sLocs.trim(),
        values: this.#t.sValues.trim(),
        labelStart,
      },
    });
  }
}
