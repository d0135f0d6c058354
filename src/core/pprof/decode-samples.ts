// The hot part of the profile decoder (decode.ts): Sample messages, appended to columns.
// Location ids of every sample go into one flat Uint32Array (sample s owns
// [locStart[s], locStart[s+1])), values into one flat Float64Array (valuesPerSample each),
// labels into parallel columns. The columns grow by half again, never beyond what the rest of
// the input could still hold (one byte per id or value), and charge the parse budget.
import { Budget, Cursor, GrowF64, GrowI32, WIRE_LEN, WIRE_VARINT, corrupt } from './wire.js';
import { readTag, wantWire } from './decode-messages.js';

const MAX_U32 = 0xffffffff;

export class SampleColumns {
  locIds: Uint32Array<ArrayBuffer>;
  locCount = 0;
  values: Float64Array<ArrayBuffer>;
  valueCount = 0;
  readonly locStart: GrowI32;
  sampleCount = 0;
  /** Values per sample, fixed by the first sample (-1 before it). */
  valuesPerSample = -1;
  readonly labelSample: GrowI32;
  readonly labelKey: GrowF64;
  readonly labelStr: GrowF64;
  readonly labelNum: GrowF64;
  readonly labelNumUnit: GrowF64;
  private readonly budget: Budget;

  /** Sized from the input length: ids take at least a byte each, a sample at least a few. */
  constructor(inputBytes: number, budget: Budget) {
    this.budget = budget;
    const ids = Math.max(1024, Math.ceil(inputBytes / 3));
    budget.take(ids * 4);
    this.locIds = new Uint32Array(ids);
    const vals = Math.max(1024, inputBytes >> 4);
    budget.take(vals * 8);
    this.values = new Float64Array(vals);
    this.locStart = new GrowI32(Math.max(1024, inputBytes >> 6), budget);
    this.locStart.push(0);
    this.labelSample = new GrowI32(4, budget);
    this.labelKey = new GrowF64(4, budget);
    this.labelStr = new GrowF64(4, budget);
    this.labelNum = new GrowF64(4, budget);
    this.labelNumUnit = new GrowF64(4, budget);
  }

  /** Reads one Sample message ending at `msgEnd`; `inputEnd` bounds how far the columns may grow. */
  read(c: Cursor, msgEnd: number, inputEnd: number): void {
    const room = msgEnd - c.pos;
    if (this.locCount + room > this.locIds.length)
      this.locIds = growU32(this.locIds, this.locCount, this.locCount + room, this.locCount + inputEnd - c.pos, this.budget);
    if (this.valueCount + room > this.values.length)
      this.values = growF64(this.values, this.valueCount, this.valueCount + room, this.valueCount + inputEnd - c.pos, this.budget);
    const valuesBefore = this.valueCount;
    while (c.pos < msgEnd) {
      const tag = readTag(c);
      const field = tag >>> 3;
      const wire = tag & 7;
      if (field === 1) this.readLocationIds(c, wire, msgEnd);
      else if (field === 2) this.readValues(c, wire, msgEnd);
      else if (field === 3) this.readLabel(c, wire, msgEnd);
      else {
        c.field = 'sample';
        c.skip(wire, msgEnd);
      }
      c.field = 'sample';
      if (c.pos > msgEnd) corrupt('sample', 'field runs past the end of its message');
    }
    const n = this.valueCount - valuesBefore;
    if (this.valuesPerSample < 0) this.valuesPerSample = n;
    else if (n !== this.valuesPerSample)
      corrupt('sample.value', `sample ${this.sampleCount} has ${n} values, sample 0 has ${this.valuesPerSample}`);
    this.sampleCount++;
    this.locStart.push(this.locCount);
  }

  private readLocationIds(c: Cursor, wire: number, msgEnd: number): void {
    c.field = 'sample.location_id';
    const ids = this.locIds;
    if (wire !== WIRE_LEN) {
      wantWire(c, wire, WIRE_VARINT);
      const v = c.uint();
      if (v > MAX_U32) corrupt(c.field, `id ${v} above 2^32-1 is not supported`);
      ids[this.locCount++] = v;
      return;
    }
    const packedEnd = c.lenEnd(msgEnd);
    // The hot loop of the whole decoder: varints inlined, reads past the buffer yield
    // undefined (ending the varint) and are caught by the packedEnd check below.
    const buf = c.buf;
    let p = c.pos;
    let n = this.locCount;
    while (p < packedEnd) {
      let b = buf[p++];
      let v = b;
      if (b >= 0x80) {
        b = buf[p++];
        v = (v & 0x7f) | ((b & 0x7f) << 7);
        if (b >= 0x80) {
          b = buf[p++];
          v |= (b & 0x7f) << 14;
          if (b >= 0x80) {
            b = buf[p++];
            v |= (b & 0x7f) << 21;
            if (b >= 0x80) {
              b = buf[p++];
              if (b >= 0x10) corrupt(c.field, 'id above 2^32-1 is not supported');
              v += b * 268435456;
            }
          }
        }
      }
      ids[n++] = v;
    }
    this.locCount = n;
    c.pos = p;
    if (p !== packedEnd) corrupt(c.field, 'packed varint runs past its length');
  }

  private readValues(c: Cursor, wire: number, msgEnd: number): void {
    c.field = 'sample.value';
    const values = this.values;
    if (wire !== WIRE_LEN) {
      wantWire(c, wire, WIRE_VARINT);
      values[this.valueCount++] = c.int();
      return;
    }
    const packedEnd = c.lenEnd(msgEnd);
    let n = this.valueCount;
    while (c.pos < packedEnd) values[n++] = c.int();
    this.valueCount = n;
    if (c.pos !== packedEnd) corrupt(c.field, 'packed varint runs past its length');
  }

  private readLabel(c: Cursor, wire: number, msgEnd: number): void {
    c.field = 'sample.label';
    wantWire(c, wire, WIRE_LEN);
    const labelEnd = c.lenEnd(msgEnd);
    let key = 0,
      str = 0,
      num = 0,
      numUnit = 0;
    while (c.pos < labelEnd) {
      const tag = readTag(c);
      const field = tag >>> 3;
      if (field >= 1 && field <= 4) {
        wantWire(c, tag & 7, WIRE_VARINT);
        const v = c.int();
        if (field === 1) key = v;
        else if (field === 2) str = v;
        else if (field === 3) num = v;
        else numUnit = v;
      } else {
        c.skip(tag & 7, labelEnd);
      }
    }
    if (c.pos !== labelEnd) corrupt(c.field, 'field runs past the end of its message');
    this.labelSample.push(this.sampleCount);
    this.labelKey.push(key);
    this.labelStr.push(str);
    this.labelNum.push(num);
    this.labelNumUnit.push(numUnit);
  }

  /** The location ids and values, trimmed to what was read. */
  trimmedLocIds(): Uint32Array {
    return this.locCount === this.locIds.length ? this.locIds : this.locIds.slice(0, this.locCount);
  }

  trimmedValues(): Float64Array {
    return this.valueCount === this.values.length ? this.values : this.values.slice(0, this.valueCount);
  }
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
