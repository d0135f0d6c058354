// The small messages of profile.proto for the decoder (decode.ts): ValueType, Mapping,
// Location (with its Lines) and Function, each appended to its own columns. Samples, the hot
// part, are in decode-samples.ts. Field numbers are those of
// github.com/google/pprof/proto/profile.proto; ids and string indices are checked later by
// validate.ts.
import { Budget, Cursor, GrowF64, GrowI32, GrowU8, WIRE_LEN, WIRE_VARINT, corrupt } from './wire.js';

const MAX_U32 = 0xffffffff;

export function wantWire(c: Cursor, wire: number, expected: number): void {
  if (wire !== expected) corrupt(c.field, `wire type ${wire}, expected ${expected}`);
}

/** A field tag: field number << 3 | wire type; field 0 and numbers past 2^29 are invalid. */
export function readTag(c: Cursor): number {
  const t = c.uint();
  if (t < 8 || t > MAX_U32) corrupt(c.field, `invalid field tag ${t}`);
  return t;
}

function endOfMessage(c: Cursor, msgEnd: number): void {
  if (c.pos !== msgEnd) corrupt(c.field, 'field runs past the end of its message');
}

/** ValueType { type = 1, unit = 2 } as string indices. */
export function readValueType(c: Cursor, msgEnd: number): [type: number, unit: number] {
  let type = 0,
    unit = 0;
  while (c.pos < msgEnd) {
    const tag = readTag(c);
    const field = tag >>> 3;
    if (field === 1 || field === 2) {
      wantWire(c, tag & 7, WIRE_VARINT);
      const v = c.int();
      if (field === 1) type = v;
      else unit = v;
    } else {
      c.skip(tag & 7, msgEnd);
    }
  }
  endOfMessage(c, msgEnd);
  return [type, unit];
}

/** Mapping messages: id, memory range, file offset, file name, build id and the has_* flags (bits 0-3). */
export class MappingColumns {
  readonly id: GrowF64;
  readonly memoryStart: GrowF64;
  readonly memoryLimit: GrowF64;
  readonly fileOffset: GrowF64;
  readonly fileName: GrowF64;
  readonly buildId: GrowF64;
  readonly flags: GrowU8;

  constructor(budget: Budget) {
    this.id = new GrowF64(4, budget);
    this.memoryStart = new GrowF64(4, budget);
    this.memoryLimit = new GrowF64(4, budget);
    this.fileOffset = new GrowF64(4, budget);
    this.fileName = new GrowF64(4, budget);
    this.buildId = new GrowF64(4, budget);
    this.flags = new GrowU8(4, budget);
  }

  read(c: Cursor, msgEnd: number): void {
    let id = 0,
      memoryStart = 0,
      memoryLimit = 0,
      fileOffset = 0,
      fileName = 0,
      buildId = 0,
      flags = 0;
    while (c.pos < msgEnd) {
      const tag = readTag(c);
      const field = tag >>> 3;
      if (field < 1 || field > 10) {
        c.skip(tag & 7, msgEnd);
        continue;
      }
      wantWire(c, tag & 7, WIRE_VARINT);
      const v = field <= 4 ? c.uint() : c.int();
      switch (field) {
        case 1:
          id = v;
          break;
        case 2:
          memoryStart = v;
          break;
        case 3:
          memoryLimit = v;
          break;
        case 4:
          fileOffset = v;
          break;
        case 5:
          fileName = v;
          break;
        case 6:
          buildId = v;
          break;
        // 7..10: has_functions, has_filenames, has_line_numbers, has_inline_frames.
        default:
          if (v !== 0) flags |= 1 << (field - 7);
          else flags &= ~(1 << (field - 7));
      }
    }
    endOfMessage(c, msgEnd);
    this.id.push(id);
    this.memoryStart.push(memoryStart);
    this.memoryLimit.push(memoryLimit);
    this.fileOffset.push(fileOffset);
    this.fileName.push(fileName);
    this.buildId.push(buildId);
    this.flags.push(flags);
  }
}

/** Location messages and their Line messages; location l owns lines [lineStart[l], lineStart[l+1]). */
export class LocationColumns {
  readonly id: GrowF64;
  readonly mappingId: GrowF64;
  readonly address: GrowF64;
  readonly isFolded: GrowU8;
  readonly lineStart: GrowI32;
  readonly lineFunctionId: GrowF64;
  readonly lineNumber: GrowF64;
  readonly lineColumn: GrowF64;

  constructor(budget: Budget) {
    this.id = new GrowF64(1024, budget);
    this.mappingId = new GrowF64(1024, budget);
    this.address = new GrowF64(1024, budget);
    this.isFolded = new GrowU8(1024, budget);
    this.lineStart = new GrowI32(1024, budget);
    this.lineStart.push(0);
    this.lineFunctionId = new GrowF64(1024, budget);
    this.lineNumber = new GrowF64(1024, budget);
    this.lineColumn = new GrowF64(1024, budget);
  }

  read(c: Cursor, msgEnd: number): void {
    let id = 0,
      mappingId = 0,
      address = 0,
      isFolded = 0;
    while (c.pos < msgEnd) {
      const tag = readTag(c);
      const field = tag >>> 3;
      if (field === 4) {
        this.readLine(c, tag & 7, msgEnd);
      } else if (field >= 1 && field <= 5) {
        wantWire(c, tag & 7, WIRE_VARINT);
        const v = c.uint();
        if (field === 1) id = v;
        else if (field === 2) mappingId = v;
        else if (field === 3) address = v;
        else isFolded = v !== 0 ? 1 : 0;
      } else {
        c.skip(tag & 7, msgEnd);
      }
    }
    endOfMessage(c, msgEnd);
    this.id.push(id);
    this.mappingId.push(mappingId);
    this.address.push(address);
    this.isFolded.push(isFolded);
    this.lineStart.push(this.lineFunctionId.n);
  }

  private readLine(c: Cursor, wire: number, locationEnd: number): void {
    c.field = 'location.line';
    wantWire(c, wire, WIRE_LEN);
    const lineEnd = c.lenEnd(locationEnd);
    let functionId = 0,
      line = 0,
      column = 0;
    while (c.pos < lineEnd) {
      const tag = readTag(c);
      const field = tag >>> 3;
      if (field >= 1 && field <= 3) {
        wantWire(c, tag & 7, WIRE_VARINT);
        if (field === 1) functionId = c.uint();
        else if (field === 2) line = c.int();
        else column = c.int();
      } else {
        c.skip(tag & 7, lineEnd);
      }
    }
    endOfMessage(c, lineEnd);
    this.lineFunctionId.push(functionId);
    this.lineNumber.push(line);
    this.lineColumn.push(column);
    c.field = 'location';
  }
}

/** Function messages: id, name, system name, file name (string indices) and start line. */
export class FunctionColumns {
  readonly id: GrowF64;
  readonly name: GrowF64;
  readonly systemName: GrowF64;
  readonly fileName: GrowF64;
  readonly startLine: GrowF64;

  constructor(budget: Budget) {
    this.id = new GrowF64(256, budget);
    this.name = new GrowF64(256, budget);
    this.systemName = new GrowF64(256, budget);
    this.fileName = new GrowF64(256, budget);
    this.startLine = new GrowF64(256, budget);
  }

  read(c: Cursor, msgEnd: number): void {
    let id = 0,
      name = 0,
      systemName = 0,
      fileName = 0,
      startLine = 0;
    while (c.pos < msgEnd) {
      const tag = readTag(c);
      const field = tag >>> 3;
      if (field < 1 || field > 5) {
        c.skip(tag & 7, msgEnd);
        continue;
      }
      wantWire(c, tag & 7, WIRE_VARINT);
      const v = field === 1 ? c.uint() : c.int();
      if (field === 1) id = v;
      else if (field === 2) name = v;
      else if (field === 3) systemName = v;
      else if (field === 4) fileName = v;
      else startLine = v;
    }
    endOfMessage(c, msgEnd);
    this.id.push(id);
    this.name.push(name);
    this.systemName.push(systemName);
    this.fileName.push(fileName);
    this.startLine.push(startLine);
  }
}
