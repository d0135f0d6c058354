// Protocol buffer wire primitives for the profile decoder (decode.ts): a cursor over bytes
// with varint reads that never run past the buffer, and growable typed arrays. Every malformed
// byte sequence ends as a ProfileCorrupt naming the field being read.
import { fail } from '../../shared/errors.js';

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

const TWO32 = 4294967296;

export function corrupt(field: string, reason: string): never {
  fail('ProfileCorrupt', { field, reason });
}

/** A read cursor. `pos` only moves forward; reads past `buf.length` throw ProfileCorrupt. */
export class Cursor {
  readonly buf: Uint8Array;
  pos = 0;
  /** Name of the field being decoded, for error messages. */
  field = 'profile';
  /** Fields of unknown numbers skipped so far (valid protobuf, ignored). */
  skipped = 0;

  constructor(buf: Uint8Array) {
    this.buf = buf;
  }

  /** An unsigned varint as a number (exact below 2^53). */
  uint(): number {
    const buf = this.buf;
    let p = this.pos;
    if (p + 10 > buf.length) return this.uintSlow();
    let b = buf[p++];
    if (b < 0x80) {
      this.pos = p;
      return b;
    }
    let lo = b & 0x7f;
    b = buf[p++];
    lo |= (b & 0x7f) << 7;
    if (b < 0x80) {
      this.pos = p;
      return lo;
    }
    b = buf[p++];
    lo |= (b & 0x7f) << 14;
    if (b < 0x80) {
      this.pos = p;
      return lo;
    }
    b = buf[p++];
    lo |= (b & 0x7f) << 21;
    if (b < 0x80) {
      this.pos = p;
      return lo;
    }
    this.pos = p;
    return this.uintTail(lo, false);
  }

  /** A signed (two's complement int64) varint as a number. */
  int(): number {
    const buf = this.buf;
    let p = this.pos;
    if (p + 10 > buf.length) return this.intSlow();
    let b = buf[p++];
    if (b < 0x80) {
      this.pos = p;
      return b;
    }
    let lo = b & 0x7f;
    b = buf[p++];
    lo |= (b & 0x7f) << 7;
    if (b < 0x80) {
      this.pos = p;
      return lo;
    }
    b = buf[p++];
    lo |= (b & 0x7f) << 14;
    if (b < 0x80) {
      this.pos = p;
      return lo;
    }
    b = buf[p++];
    lo |= (b & 0x7f) << 21;
    if (b < 0x80) {
      this.pos = p;
      return lo;
    }
    this.pos = p;
    return this.uintTail(lo, true);
  }

  /** Bytes 5..10 of a varint whose low 28 bits are `lo`. */
  private uintTail(lo28: number, signed: boolean): number {
    const buf = this.buf;
    let p = this.pos;
    let b = buf[p++];
    const lo = (lo28 | ((b & 0x0f) << 28)) >>> 0;
    let hi = (b & 0x7f) >> 4;
    let shift = 3;
    while (b >= 0x80) {
      if (shift > 31) {
        this.pos = p;
        corrupt(this.field, 'varint longer than 10 bytes');
      }
      b = buf[p++];
      hi |= (b & 0x7f) << shift;
      shift += 7;
    }
    this.pos = p;
    return signed ? (hi | 0) * TWO32 + lo : (hi >>> 0) * TWO32 + lo;
  }

  private uintSlow(): number {
    const end = this.buf.length;
    let p = this.pos;
    let i = 0;
    while (p + i < end && this.buf[p + i] >= 0x80) i++;
    if (p + i >= end) corrupt(this.field, 'truncated varint');
    if (i >= 10) corrupt(this.field, 'varint longer than 10 bytes');
    // Enough bytes are there: decode through a padded copy.
    const tmp = new Cursor(concatPad(this.buf.subarray(p, p + i + 1)));
    const v = tmp.uint();
    p += i + 1;
    this.pos = p;
    return v;
  }

  private intSlow(): number {
    const end = this.buf.length;
    const p = this.pos;
    let i = 0;
    while (p + i < end && this.buf[p + i] >= 0x80) i++;
    if (p + i >= end) corrupt(this.field, 'truncated varint');
    if (i >= 10) corrupt(this.field, 'varint longer than 10 bytes');
    const tmp = new Cursor(concatPad(this.buf.subarray(p, p + i + 1)));
    const v = tmp.int();
    this.pos = p + i + 1;
    return v;
  }

  /** A length prefix; returns the end offset of the delimited bytes (checked against `limit`). */
  lenEnd(limit: number): number {
    const n = this.uint();
    const end = this.pos + n;
    if (end > limit) corrupt(this.field, `length ${n} runs past the end of its message`);
    return end;
  }

  /** Skips a field of an unknown number. */
  skip(wire: number, limit: number): void {
    this.skipped++;
    switch (wire) {
      case WIRE_VARINT:
        this.uint();
        break;
      case WIRE_I64:
        this.pos += 8;
        break;
      case WIRE_LEN:
        this.pos = this.lenEnd(limit);
        break;
      case WIRE_I32:
        this.pos += 4;
        break;
      default:
        corrupt(this.field, `unsupported wire type ${wire}`);
    }
    if (this.pos > limit) corrupt(this.field, 'field runs past the end of its message');
  }
}

function concatPad(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length + 10);
  out.set(b);
  return out;
}

/**
 * A cap on the bytes the decoder may allocate: a small protobuf can describe many tiny
 * messages, and every one costs typed-array space, so the cap (not only the input size)
 * bounds the memory a hostile file can claim. Exceeding it is ProfileTooLarge.
 */
export class Budget {
  used = 0;
  readonly limit: number;
  constructor(limit: number) {
    this.limit = limit;
  }
  take(bytes: number): void {
    this.used += bytes;
    if (this.used > this.limit)
      fail(
        'ProfileTooLarge',
        { size: this.used, limit: this.limit, stage: 'uncompressed' },
        'decoding it would need more memory than allowed',
      );
  }
}

const NO_BUDGET = new Budget(Number.POSITIVE_INFINITY);

/** Growable typed arrays (amortized doubling; `trim` copies to the exact length). */
export class GrowI32 {
  a: Int32Array;
  n = 0;
  readonly #budget: Budget;
  constructor(cap = 16, budget: Budget = NO_BUDGET) {
    this.#budget = budget;
    budget.take(Math.max(cap, 4) * 4);
    this.a = new Int32Array(Math.max(cap, 4));
  }
  push(v: number): void {
    if (this.n === this.a.length) this.grow(this.n + 1);
    this.a[this.n++] = v;
  }
  grow(min: number): void {
    const len = Math.max(min, Math.ceil(this.a.length * 1.5) + 16);
    this.#budget.take((len - this.a.length) * 4);
    const b = new Int32Array(len);
    b.set(this.a.subarray(0, this.n));
    this.a = b;
  }
  trim(): Int32Array {
    return this.a.slice(0, this.n);
  }
}

export class GrowU32 {
  a: Uint32Array;
  n = 0;
  readonly #budget: Budget;
  constructor(cap = 16, budget: Budget = NO_BUDGET) {
    this.#budget = budget;
    budget.take(Math.max(cap, 4) * 4);
    this.a = new Uint32Array(Math.max(cap, 4));
  }
  push(v: number): void {
    if (this.n === this.a.length) this.grow(this.n + 1);
    this.a[this.n++] = v;
  }
  grow(min: number): void {
    const len = Math.max(min, Math.ceil(this.a.length * 1.5) + 16);
    this.#budget.take((len - this.a.length) * 4);
    const b = new Uint32Array(len);
    b.set(this.a.subarray(0, this.n));
    this.a = b;
  }
  trim(): Uint32Array {
    return this.a.slice(0, this.n);
  }
}

export class GrowF64 {
  a: Float64Array;
  n = 0;
  readonly #budget: Budget;
  constructor(cap = 16, budget: Budget = NO_BUDGET) {
    this.#budget = budget;
    budget.take(Math.max(cap, 4) * 8);
    this.a = new Float64Array(Math.max(cap, 4));
  }
  push(v: number): void {
    if (this.n === this.a.length) this.grow(this.n + 1);
    this.a[this.n++] = v;
  }
  grow(min: number): void {
    const len = Math.max(min, Math.ceil(this.a.length * 1.5) + 16);
    this.#budget.take((len - this.a.length) * 8);
    const b = new Float64Array(len);
    b.set(this.a.subarray(0, this.n));
    this.a = b;
  }
  trim(): Float64Array {
    return this.a.slice(0, this.n);
  }
}

export class GrowU8 {
  a: Uint8Array;
  n = 0;
  readonly #budget: Budget;
  constructor(cap = 16, budget: Budget = NO_BUDGET) {
    this.#budget = budget;
    budget.take(Math.max(cap, 4));
    this.a = new Uint8Array(Math.max(cap, 4));
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const len = Math.ceil(this.a.length * 1.5) + 16;
      this.#budget.take(len - this.a.length);
      const b = new Uint8Array(len);
      b.set(this.a.subarray(0, this.n));
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  trim(): Uint8Array {
    return this.a.slice(0, this.n);
  }
}
