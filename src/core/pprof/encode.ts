// Writes a Profile back to profile.proto bytes (gzip optional): a merged profile can then be
// opened in `go tool pprof` (go-tool-pprof.ts), and the synthetic profiles of bench/ and the
// tests are written with it. The inverse of decode.ts + validate.ts; ids are written as they
// are in the model.
import { gzipSync } from 'node:zlib';
import type { Profile } from './model.js';

const TWO32 = 4294967296;

class Writer {
  buf = new Uint8Array(1 << 16);
  pos = 0;

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.pos + n, this.buf.length * 2));
    b.set(this.buf.subarray(0, this.pos));
    this.buf = b;
  }

  /** A varint of an integer-valued number; negatives as 10-byte two's complement. */
  varint(v: number): void {
    this.ensure(10);
    const buf = this.buf;
    if (v >= 0 && v < 0x80000000) {
      while (v >= 0x80) {
        buf[this.pos++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      buf[this.pos++] = v;
      return;
    }
    let lo: number, hi: number;
    if (v >= 0) {
      lo = v % TWO32;
      hi = Math.floor(v / TWO32);
    } else {
      const b = BigInt.asUintN(64, BigInt(Math.trunc(v)));
      lo = Number(b & 0xffffffffn);
      hi = Number(b >> 32n);
    }
    while (hi > 0 || lo >= 0x80) {
      buf[this.pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | ((hi & 0x7f) << 25)) >>> 0;
      hi = hi >>> 7;
    }
    buf[this.pos++] = lo;
  }

  tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  /** Field with a varint value, skipped when zero (proto3 default). */
  field(field: number, v: number): void {
    if (v === 0) return;
    this.tag(field, 0);
    this.varint(v);
  }

  bytes(field: number, b: Uint8Array): void {
    this.tag(field, 2);
    this.varint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Writes a length-delimited sub-message produced by `body` into a scratch writer. */
  message(field: number, scratch: Writer, body: (w: Writer) => void): void {
    scratch.pos = 0;
    body(scratch);
    this.bytes(field, scratch.buf.subarray(0, scratch.pos));
  }

  packed(field: number, scratch: Writer, values: ArrayLike<number>, from: number, to: number): void {
    if (to <= from) return;
    scratch.pos = 0;
    for (let i = from; i < to; i++) scratch.varint(values[i]);
    this.bytes(field, scratch.buf.subarray(0, scratch.pos));
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

/** Encodes the profile as uncompressed profile.proto bytes. */
export function encodeProfile(p: Profile): Uint8Array {
  const w = new Writer();
  const s1 = new Writer();
  const s2 = new Writer();
  for (let i = 0; i < p.sampleTypeType.length; i++) {
    w.message(1, s1, (m) => {
      m.field(1, p.sampleTypeType[i]);
      m.field(2, p.sampleTypeUnit[i]);
    });
  }
  const nt = p.sampleTypeType.length;
  const { samples, labels, locations: L, lines, functions: F, mappings: M } = p;
  for (let s = 0; s < samples.count; s++) {
    w.message(2, s1, (m) => {
      const a = samples.locStart[s],
        b = samples.locStart[s + 1];
      if (b > a) {
        s2.pos = 0;
        for (let k = a; k < b; k++) s2.varint(L.id[samples.locs[k]]);
        m.bytes(1, s2.buf.subarray(0, s2.pos));
      }
      m.packed(2, s2, samples.values, s * nt, s * nt + nt);
      if (samples.labelStart) {
        for (let k = samples.labelStart[s]; k < samples.labelStart[s + 1]; k++) {
          s2.pos = 0;
          s2.field(1, labels.key[k]);
          s2.field(2, labels.str[k]);
          s2.field(3, labels.num[k]);
          s2.field(4, labels.numUnit[k]);
          m.bytes(3, s2.buf.subarray(0, s2.pos));
        }
      }
    });
  }
  for (let i = 0; i < M.count; i++) {
    w.message(3, s1, (m) => {
      m.field(1, M.id[i]);
      m.field(2, M.memoryStart[i]);
      m.field(3, M.memoryLimit[i]);
      m.field(4, M.fileOffset[i]);
      m.field(5, M.filename[i]);
      m.field(6, M.buildId[i]);
      for (let b = 0; b < 4; b++) m.field(7 + b, (M.flags[i] >> b) & 1);
    });
  }
  for (let i = 0; i < L.count; i++) {
    w.message(4, s1, (m) => {
      m.field(1, L.id[i]);
      if (L.mapping[i] >= 0) m.field(2, M.id[L.mapping[i]]);
      m.field(3, L.address[i]);
      for (let k = L.lineStart[i]; k < L.lineStart[i + 1]; k++) {
        s2.pos = 0;
        s2.field(1, F.id[lines.func[k]]);
        s2.field(2, lines.line[k]);
        s2.field(3, lines.column[k]);
        m.bytes(4, s2.buf.subarray(0, s2.pos));
      }
      m.field(5, L.isFolded[i]);
    });
  }
  for (let i = 0; i < F.count; i++) {
    w.message(5, s1, (m) => {
      m.field(1, F.id[i]);
      m.field(2, F.name[i]);
      m.field(3, F.systemName[i]);
      m.field(4, F.filename[i]);
      m.field(5, F.startLine[i]);
    });
  }
  const { bytes, offsets } = p.strings;
  for (let i = 0; i + 1 < offsets.length; i++) w.bytes(6, bytes.subarray(offsets[i], offsets[i + 1]));
  w.field(7, p.dropFrames);
  w.field(8, p.keepFrames);
  w.field(9, p.timeNanos);
  w.field(10, p.durationNanos);
  if (p.periodTypeType || p.periodTypeUnit)
    w.message(11, s1, (m) => {
      m.field(1, p.periodTypeType);
      m.field(2, p.periodTypeUnit);
    });
  w.field(12, p.period);
  w.packed(13, s1, p.comments, 0, p.comments.length);
  w.field(14, p.defaultSampleType);
  w.field(15, p.docUrl);
  return w.result();
}

/** Encodes and gzips (what `go tool pprof` and Go's runtime write). */
export function encodeProfileGzip(p: Profile, level = 6): Uint8Array {
  const out = gzipSync(encodeProfile(p), { level });
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}
