// The profile.proto parser: one pass over the (already inflated) bytes, varints straight
// into growable typed arrays, strings kept as byte ranges (decoded lazily by model.ts). It
// checks the wire format only (lengths, wire types, varint sizes); ids and string indices are
// resolved and checked by validate.ts. Field numbers are those of
// github.com/google/pprof/proto/profile.proto. This file walks the top-level Profile message;
// samples are read by decode-samples.ts, the other messages by decode-messages.ts.
import { Budget, Cursor, GrowF64, GrowU32, WIRE_LEN, WIRE_VARINT, corrupt } from './wire.js';
import { FunctionColumns, LocationColumns, MappingColumns, readTag, readValueType, wantWire } from './decode-messages.js';
import { SampleColumns } from './decode-samples.js';

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

/** Bytes the parser may allocate for an input of `n` bytes, unless told otherwise. */
export function defaultParseBudget(n: number): number {
  return 6 * n + 64 * 1024 * 1024;
}

/** Profile fields 7-15 that are plain varints, by number (for error messages). */
const SCALAR_NAMES: Record<number, string> = {
  7: 'drop_frames',
  8: 'keep_frames',
  9: 'time_nanos',
  10: 'duration_nanos',
  12: 'period',
  14: 'default_sample_type',
  15: 'doc_url',
};

/**
 * Parses profile.proto bytes. Throws ProfileCorrupt on malformed wire data and
 * ProfileTooLarge when the decoded arrays would pass `budgetBytes`.
 */
export function parseProfileBytes(buf: Uint8Array, budgetBytes = defaultParseBudget(buf.length)): RawProfile {
  const budget = new Budget(budgetBytes);
  const c = new Cursor(buf);
  const end = buf.length;
  const stringStart = new GrowU32(1024, budget);
  const stringEnd = new GrowU32(1024, budget);
  const sampleTypeType = new GrowF64(4, budget);
  const sampleTypeUnit = new GrowF64(4, budget);
  const comments = new GrowF64(4, budget);
  const scalars = new Map<number, number>();
  let periodType: [number, number] = [0, 0];
  const samples = new SampleColumns(buf.length, budget);
  const mappings = new MappingColumns(budget);
  const locations = new LocationColumns(budget);
  const functions = new FunctionColumns(budget);

  while (c.pos < end) {
    c.field = 'profile';
    const tag = readTag(c);
    const field = tag >>> 3;
    const wire = tag & 7;
    switch (field) {
      case 1: {
        // sample_type
        c.field = 'sample_type';
        wantWire(c, wire, WIRE_LEN);
        const [type, unit] = readValueType(c, c.lenEnd(end));
        sampleTypeType.push(type);
        sampleTypeUnit.push(unit);
        break;
      }
      case 2: // sample
        c.field = 'sample';
        wantWire(c, wire, WIRE_LEN);
        samples.read(c, c.lenEnd(end), end);
        break;
      case 3: // mapping
        c.field = 'mapping';
        wantWire(c, wire, WIRE_LEN);
        mappings.read(c, c.lenEnd(end));
        break;
      case 4: // location
        c.field = 'location';
        wantWire(c, wire, WIRE_LEN);
        locations.read(c, c.lenEnd(end));
        break;
      case 5: // function
        c.field = 'function';
        wantWire(c, wire, WIRE_LEN);
        functions.read(c, c.lenEnd(end));
        break;
      case 6: {
        // string_table: kept as byte ranges
        c.field = 'string_table';
        wantWire(c, wire, WIRE_LEN);
        const stringEndPos = c.lenEnd(end);
        stringStart.push(c.pos);
        stringEnd.push(stringEndPos);
        c.pos = stringEndPos;
        break;
      }
      case 11: // period_type
        c.field = 'period_type';
        wantWire(c, wire, WIRE_LEN);
        periodType = readValueType(c, c.lenEnd(end));
        break;
      case 13: // comment (repeated int64, packed or not)
        c.field = 'comment';
        if (wire === WIRE_LEN) {
          const packedEnd = c.lenEnd(end);
          while (c.pos < packedEnd) comments.push(c.int());
          if (c.pos !== packedEnd) corrupt(c.field, 'packed varint runs past its length');
        } else {
          wantWire(c, wire, WIRE_VARINT);
          comments.push(c.int());
        }
        break;
      case 7:
      case 8:
      case 9:
      case 10:
      case 12:
      case 14:
      case 15:
        c.field = SCALAR_NAMES[field];
        wantWire(c, wire, WIRE_VARINT);
        scalars.set(field, c.int());
        break;
      default:
        c.skip(wire, end);
    }
  }
  if (c.pos !== end) corrupt('profile', 'last field runs past the end of the data');
  const scalar = (field: number) => scalars.get(field) ?? 0;
  return {
    stringStart: stringStart.trim(),
    stringEnd: stringEnd.trim(),
    sampleTypeType: sampleTypeType.trim(),
    sampleTypeUnit: sampleTypeUnit.trim(),
    defaultSampleType: scalar(14),
    periodTypeType: periodType[0],
    periodTypeUnit: periodType[1],
    period: scalar(12),
    timeNanos: scalar(9),
    durationNanos: scalar(10),
    dropFrames: scalar(7),
    keepFrames: scalar(8),
    docUrl: scalar(15),
    comments: comments.trim(),
    sampleCount: samples.sampleCount,
    sampleLocIds: samples.trimmedLocIds(),
    sampleLocStart: samples.locStart.trim(),
    values: samples.trimmedValues(),
    valuesPerSample: Math.max(samples.valuesPerSample, 0),
    labelSample: samples.labelSample.trim(),
    labelKey: samples.labelKey.trim(),
    labelStr: samples.labelStr.trim(),
    labelNum: samples.labelNum.trim(),
    labelNumUnit: samples.labelNumUnit.trim(),
    mapId: mappings.id.trim(),
    mapStart: mappings.memoryStart.trim(),
    mapLimit: mappings.memoryLimit.trim(),
    mapOffset: mappings.fileOffset.trim(),
    mapFile: mappings.fileName.trim(),
    mapBuildId: mappings.buildId.trim(),
    mapFlags: mappings.flags.trim(),
    locId: locations.id.trim(),
    locMapId: locations.mappingId.trim(),
    locAddress: locations.address.trim(),
    locFolded: locations.isFolded.trim(),
    locLineStart: locations.lineStart.trim(),
    lineFuncId: locations.lineFunctionId.trim(),
    lineLine: locations.lineNumber.trim(),
    lineColumn: locations.lineColumn.trim(),
    funcId: functions.id.trim(),
    funcName: functions.name.trim(),
    funcSystemName: functions.systemName.trim(),
    funcFile: functions.fileName.trim(),
    funcStartLine: functions.startLine.trim(),
    unknownFields: c.skipped,
  };
}
