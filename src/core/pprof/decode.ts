// The profile.proto parser: one pass over the (already inflated) bytes, varints straight
// into growable typed arrays, strings kept as byte ranges (decoded lazily by model.ts). It
// checks the wire format only (lengths, wire types, varint sizes); ids and string indices are
// resolved and checked by validate.ts. Field numbers are those of
// github.com/google/pprof/proto/profile.proto.
import { Budget, Cursor, GrowF64, GrowI32, GrowU32, GrowU8, WIRE_LEN, WIRE_VARINT, corrupt } from './wire.js';

/** The wire content of a profile, ids not yet resolved. */
export interface RawProfile {
  readonly stringStart: Uint32Array;
  readonly stringEnd: Uint32Array;
  readonly sampleTypeType: Float64Array;
  readonly sampleTypeUnit: Float64Array;
  readonly defaultSampleType: number;
  readonly periodTypeType: number;
  readonly periodTypeUnit: number;
  readonly period: number;
  readonly timeNanos: number;
  readonly durationNanos: number;
  readonly dropFrames: number;
  readonly keepFrames: number;
  readonly docUrl: number;
  readonly comments: Float64Array;
  readonly sampleCount: number;
  /** Location ids of all samples, sample s at [sampleLocStart[s], sampleLocStart[s+1]). */
  readonly sampleLocIds: Uint32Array;
  readonly sampleLocStart: Int32Array;
  /** Values, sample-major, `valuesPerSample` each. */
  readonly values: Float64Array;
  readonly valuesPerSample: number;
  readonly labelSample: Int32Array;
  readonly labelKey: Float64Array;
  readonly labelStr: Float64Array;
  readonly labelNum: Float64Array;
  readonly labelNumUnit: Float64Array;
  readonly mapId: Float64Array;
  readonly mapStart: Float64Array;
  readonly mapLimit: Float64Array;
  readonly mapOffset: Float64Array;
  readonly mapFile: Float64Array;
  readonly mapBuildId: Float64Array;
  readonly mapFlags: Uint8Array;
  readonly locId: Float64Array;
  readonly locMapId: Float64Array;
  readonly locAddress: Float64Array;
  readonly locFolded: Uint8Array;
  readonly locLineStart: Int32Array;
  readonly lineFuncId: Float64Array;
  readonly lineLine: Float64Array;
  readonly lineColumn: Float64Array;
  readonly funcId: Float64Array;
  readonly funcName: Float64Array;
  readonly funcSystemName: Float64Array;
  readonly funcFile: Float64Array;
  readonly funcStartLine: Float64Array;
  /** Fields with numbers profile.proto does not define, skipped (at any depth). */
  readonly unknownFields: number;
}

const MAX_U32 = 0xffffffff;

function wantWire(c: Cursor, wire: number, expected: number): void {
  if (wire !== expected) corrupt(c.field, `wire type ${wire}, expected ${expected}`);
}

function tag(c: Cursor): number {
  const t = c.uint();
  if (t < 8 || t > MAX_U32) corrupt(c.field, `invalid field tag ${t}`);
  return t;
}

/** Bytes the parser may allocate for an input of `n` bytes, unless told otherwise. */
export function defaultParseBudget(n: number): number {
  return 6 * n + 64 * 1024 * 1024;
}

/**
 * Parses profile.proto bytes. Throws ProfileCorrupt on malformed wire data and
 * ProfileTooLarge when the decoded arrays would pass `budgetBytes`.
 */
export function parseProfileBytes(buf: Uint8Array, budgetBytes = defaultParseBudget(buf.length)): RawProfile {
  const budget = new Budget(budgetBytes);
  const c = new Cursor(buf);
  const end = buf.length;
  const strStart = new GrowU32(1024, budget);
  const strEnd = new GrowU32(1024, budget);
  const stType = new GrowF64(4, budget);
  const stUnit = new GrowF64(4, budget);
  const comments = new GrowF64(4, budget);
  let defaultSampleType = 0, periodTypeType = 0, periodTypeUnit = 0, period = 0, timeNanos = 0, durationNanos = 0;
  let dropFrames = 0, keepFrames = 0, docUrl = 0;

  // Samples: the hot part.
  const est = Math.max(1024, Math.ceil(buf.length / 3));
  budget.take(est * 4);
  let locIds = new Uint32Array(est);
  let nLoc = 0;
  budget.take(Math.max(1024, buf.length >> 4) * 8);
  let values = new Float64Array(Math.max(1024, buf.length >> 4));
  let nVal = 0;
  const locStart = new GrowI32(Math.max(1024, buf.length >> 6), budget);
  locStart.push(0);
  let sampleCount = 0;
  let valuesPerSample = -1;
  const labelSample = new GrowI32(4, budget), labelKey = new GrowF64(4, budget), labelStr = new GrowF64(4, budget), labelNum = new GrowF64(4, budget), labelNumUnit = new GrowF64(4, budget);

  const mapId = new GrowF64(4, budget), mapStart = new GrowF64(4, budget), mapLimit = new GrowF64(4, budget), mapOffset = new GrowF64(4, budget);
  const mapFile = new GrowF64(4, budget), mapBuildId = new GrowF64(4, budget), mapFlags = new GrowU8(4, budget);
  const locId = new GrowF64(1024, budget), locMapId = new GrowF64(1024, budget), locAddress = new GrowF64(1024, budget), locFolded = new GrowU8(1024, budget);
  const locLineStart = new GrowI32(1024, budget);
  locLineStart.push(0);
  const lineFuncId = new GrowF64(1024, budget), lineLine = new GrowF64(1024, budget), lineColumn = new GrowF64(1024, budget);
  const funcId = new GrowF64(256, budget), funcName = new GrowF64(256, budget), funcSystemName = new GrowF64(256, budget), funcFile = new GrowF64(256, budget), funcStartLine = new GrowF64(256, budget);

  while (c.pos < end) {
    c.field = 'profile';
    const t = tag(c);
    const field = t >>> 3;
    const wire = t & 7;
    switch (field) {
      case 1: { // sample_type
        c.field = 'sample_type';
        wantWire(c, wire, WIRE_LEN);
        const [ty, un] = valueType(c, c.lenEnd(end));
        stType.push(ty); stUnit.push(un);
        break;
      }
      case 2: { // sample
        c.field = 'sample';
        wantWire(c, wire, WIRE_LEN);
        const mEnd = c.lenEnd(end);
        const room = mEnd - c.pos;
        // Growth never goes past what the rest of the input could still hold (1 byte each).
        if (nLoc + room > locIds.length) locIds = growU32(locIds, nLoc, nLoc + room, nLoc + end - c.pos, budget);
        if (nVal + room > values.length) values = growF64(values, nVal, nVal + room, nVal + end - c.pos, budget);
        const valBefore = nVal;
        while (c.pos < mEnd) {
          const st = tag(c);
          const sf = st >>> 3;
          const sw = st & 7;
          if (sf === 1) {
            c.field = 'sample.location_id';
            if (sw === WIRE_LEN) {
              const pEnd = c.lenEnd(mEnd);
              // The hot loop of the whole decoder: varints inlined, reads past the buffer
              // yield undefined (ending the varint) and are caught by the pEnd check below.
              let p = c.pos;
              while (p < pEnd) {
                let b = buf[p++];
                let v = b;
                if (b >= 0x80) {
                  b = buf[p++]; v = (v & 0x7f) | ((b & 0x7f) << 7);
                  if (b >= 0x80) {
                    b = buf[p++]; v |= (b & 0x7f) << 14;
                    if (b >= 0x80) {
                      b = buf[p++]; v |= (b & 0x7f) << 21;
                      if (b >= 0x80) {
                        b = buf[p++];
                        if (b >= 0x10) corrupt(c.field, 'id above 2^32-1 is not supported');
                        v += b * 268435456;
                      }
                    }
                  }
                }
                locIds[nLoc++] = v;
              }
              c.pos = p;
              if (p !== pEnd) corrupt(c.field, 'packed varint runs past its length');
            } else {
              wantWire(c, sw, WIRE_VARINT);
              const v = c.uint();
              if (v > MAX_U32) corrupt(c.field, `id ${v} above 2^32-1 is not supported`);
              locIds[nLoc++] = v;
            }
          } else if (sf === 2) {
            c.field = 'sample.value';
            if (sw === WIRE_LEN) {
              const pEnd = c.lenEnd(mEnd);
              while (c.pos < pEnd) values[nVal++] = c.int();
              if (c.pos !== pEnd) corrupt(c.field, 'packed varint runs past its length');
            } else {
              wantWire(c, sw, WIRE_VARINT);
              values[nVal++] = c.int();
            }
          } else if (sf === 3) {
            c.field = 'sample.label';
            wantWire(c, sw, WIRE_LEN);
            const lEnd = c.lenEnd(mEnd);
            let key = 0, str = 0, num = 0, numUnit = 0;
            while (c.pos < lEnd) {
              const lt = tag(c);
              const lf = lt >>> 3;
              if (lf >= 1 && lf <= 4) {
                wantWire(c, lt & 7, WIRE_VARINT);
                const v = c.int();
                if (lf === 1) key = v; else if (lf === 2) str = v; else if (lf === 3) num = v; else numUnit = v;
              } else {
                c.skip(lt & 7, lEnd);
              }
            }
            if (c.pos !== lEnd) corrupt(c.field, 'field runs past the end of its message');
            labelSample.push(sampleCount); labelKey.push(key); labelStr.push(str); labelNum.push(num); labelNumUnit.push(numUnit);
          } else {
            c.field = 'sample';
            c.skip(sw, mEnd);
          }
          c.field = 'sample';
          if (c.pos > mEnd) corrupt('sample', 'field runs past the end of its message');
        }
        const nv = nVal - valBefore;
        if (valuesPerSample < 0) valuesPerSample = nv;
        else if (nv !== valuesPerSample) corrupt('sample.value', `sample ${sampleCount} has ${nv} values, sample 0 has ${valuesPerSample}`);
        sampleCount++;
        locStart.push(nLoc);
        break;
      }
      case 3: { // mapping
        c.field = 'mapping';
        wantWire(c, wire, WIRE_LEN);
        const mEnd = c.lenEnd(end);
        let id = 0, ms = 0, ml = 0, fo = 0, fn = 0, bid = 0, flags = 0;
        while (c.pos < mEnd) {
          const mt = tag(c);
          const mf = mt >>> 3;
          if (mf >= 1 && mf <= 10) {
            wantWire(c, mt & 7, WIRE_VARINT);
            const v = mf <= 4 ? c.uint() : c.int();
            switch (mf) {
              case 1: id = v; break;
              case 2: ms = v; break;
              case 3: ml = v; break;
              case 4: fo = v; break;
              case 5: fn = v; break;
              case 6: bid = v; break;
              default: if (v !== 0) flags |= 1 << (mf - 7); else flags &= ~(1 << (mf - 7));
            }
          } else {
            c.skip(mt & 7, mEnd);
          }
        }
        if (c.pos !== mEnd) corrupt(c.field, 'field runs past the end of its message');
        mapId.push(id); mapStart.push(ms); mapLimit.push(ml); mapOffset.push(fo); mapFile.push(fn); mapBuildId.push(bid); mapFlags.push(flags);
        break;
      }
      case 4: { // location
        c.field = 'location';
        wantWire(c, wire, WIRE_LEN);
        const mEnd = c.lenEnd(end);
        let id = 0, mid = 0, addr = 0, folded = 0;
        while (c.pos < mEnd) {
          const lt = tag(c);
          const lf = lt >>> 3;
          if (lf === 4) {
            c.field = 'location.line';
            wantWire(c, lt & 7, WIRE_LEN);
            const lEnd = c.lenEnd(mEnd);
            let fid = 0, line = 0, col = 0;
            while (c.pos < lEnd) {
              const nt = tag(c);
              const nf = nt >>> 3;
              if (nf >= 1 && nf <= 3) {
                wantWire(c, nt & 7, WIRE_VARINT);
                if (nf === 1) fid = c.uint(); else if (nf === 2) line = c.int(); else col = c.int();
              } else {
                c.skip(nt & 7, lEnd);
              }
            }
            if (c.pos !== lEnd) corrupt(c.field, 'field runs past the end of its message');
            lineFuncId.push(fid); lineLine.push(line); lineColumn.push(col);
            c.field = 'location';
          } else if (lf >= 1 && lf <= 5) {
            wantWire(c, lt & 7, WIRE_VARINT);
            const v = c.uint();
            if (lf === 1) id = v; else if (lf === 2) mid = v; else if (lf === 3) addr = v; else folded = v !== 0 ? 1 : 0;
          } else {
            c.skip(lt & 7, mEnd);
          }
        }
        if (c.pos !== mEnd) corrupt(c.field, 'field runs past the end of its message');
        locId.push(id); locMapId.push(mid); locAddress.push(addr); locFolded.push(folded); locLineStart.push(lineFuncId.n);
        break;
      }
      case 5: { // function
        c.field = 'function';
        wantWire(c, wire, WIRE_LEN);
        const mEnd = c.lenEnd(end);
        let id = 0, name = 0, sys = 0, file = 0, startLine = 0;
        while (c.pos < mEnd) {
          const ft = tag(c);
          const ff = ft >>> 3;
          if (ff >= 1 && ff <= 5) {
            wantWire(c, ft & 7, WIRE_VARINT);
            const v = ff === 1 ? c.uint() : c.int();
            if (ff === 1) id = v; else if (ff === 2) name = v; else if (ff === 3) sys = v; else if (ff === 4) file = v; else startLine = v;
          } else {
            c.skip(ft & 7, mEnd);
          }
        }
        if (c.pos !== mEnd) corrupt(c.field, 'field runs past the end of its message');
        funcId.push(id); funcName.push(name); funcSystemName.push(sys); funcFile.push(file); funcStartLine.push(startLine);
        break;
      }
      case 6: { // string_table
        c.field = 'string_table';
        wantWire(c, wire, WIRE_LEN);
        const sEnd = c.lenEnd(end);
        strStart.push(c.pos); strEnd.push(sEnd);
        c.pos = sEnd;
        break;
      }
      case 11: { // period_type
        c.field = 'period_type';
        wantWire(c, wire, WIRE_LEN);
        [periodTypeType, periodTypeUnit] = valueType(c, c.lenEnd(end));
        break;
      }
      case 13: { // comment (repeated int64, packed or not)
        c.field = 'comment';
        if (wire === WIRE_LEN) {
          const pEnd = c.lenEnd(end);
          while (c.pos < pEnd) comments.push(c.int());
          if (c.pos !== pEnd) corrupt(c.field, 'packed varint runs past its length');
        } else {
          wantWire(c, wire, WIRE_VARINT);
          comments.push(c.int());
        }
        break;
      }
      case 7: case 8: case 9: case 10: case 12: case 14: case 15: {
        c.field = SCALAR_NAMES[field];
        wantWire(c, wire, WIRE_VARINT);
        const v = c.int();
        if (field === 7) dropFrames = v;
        else if (field === 8) keepFrames = v;
        else if (field === 9) timeNanos = v;
        else if (field === 10) durationNanos = v;
        else if (field === 12) period = v;
        else if (field === 14) defaultSampleType = v;
        else docUrl = v;
        break;
      }
      default:
        c.skip(wire, end);
    }
  }
  if (c.pos !== end) corrupt('profile', 'last field runs past the end of the data');
  return {
    stringStart: strStart.trim(), stringEnd: strEnd.trim(),
    sampleTypeType: stType.trim(), sampleTypeUnit: stUnit.trim(), defaultSampleType,
    periodTypeType, periodTypeUnit, period, timeNanos, durationNanos, dropFrames, keepFrames, docUrl,
    comments: comments.trim(),
    sampleCount,
    sampleLocIds: nLoc === locIds.length ? locIds : locIds.slice(0, nLoc),
    sampleLocStart: locStart.trim(),
    values: nVal === values.length ? values : values.slice(0, nVal),
    valuesPerSample: Math.max(valuesPerSample, 0),
    labelSample: labelSample.trim(), labelKey: labelKey.trim(), labelStr: labelStr.trim(), labelNum: labelNum.trim(), labelNumUnit: labelNumUnit.trim(),
    mapId: mapId.trim(), mapStart: mapStart.trim(), mapLimit: mapLimit.trim(), mapOffset: mapOffset.trim(), mapFile: mapFile.trim(), mapBuildId: mapBuildId.trim(), mapFlags: mapFlags.trim(),
    locId: locId.trim(), locMapId: locMapId.trim(), locAddress: locAddress.trim(), locFolded: locFolded.trim(), locLineStart: locLineStart.trim(),
    lineFuncId: lineFuncId.trim(), lineLine: lineLine.trim(), lineColumn: lineColumn.trim(),
    funcId: funcId.trim(), funcName: funcName.trim(), funcSystemName: funcSystemName.trim(), funcFile: funcFile.trim(), funcStartLine: funcStartLine.trim(),
    unknownFields: c.skipped,
  };
}

const SCALAR_NAMES: Record<number, string> = {
  7: 'drop_frames', 8: 'keep_frames', 9: 'time_nanos', 10: 'duration_nanos', 12: 'period', 14: 'default_sample_type', 15: 'doc_url',
};

function valueType(c: Cursor, mEnd: number): [number, number] {
  let type = 0, unit = 0;
  while (c.pos < mEnd) {
    const t = tag(c);
    const f = t >>> 3;
    if (f === 1 || f === 2) {
      wantWire(c, t & 7, WIRE_VARINT);
      const v = c.int();
      if (f === 1) type = v; else unit = v;
    } else {
      c.skip(t & 7, mEnd);
    }
  }
  if (c.pos !== mEnd) corrupt(c.field, 'field runs past the end of its message');
  return [type, unit];
}

function growU32(a: Uint32Array, used: number, min: number, max: number, budget: Budget): Uint32Array<ArrayBuffer> {
  const len = Math.max(min, Math.min(max, Math.ceil(a.length * 1.5)));
  budget.take((len - a.length) * 4);
  const b = new Uint32Array(len);
  b.set(a.subarray(0, used));
  return b;
}

function growF64(a: Float64Array, used: number, min: number, max: number, budget: Budget): Float64Array<ArrayBuffer> {
  const len = Math.max(min, Math.min(max, Math.ceil(a.length * 1.5)));
  budget.take((len - a.length) * 8);
  const b = new Float64Array(len);
  b.set(a.subarray(0, used));
  return b;
}
