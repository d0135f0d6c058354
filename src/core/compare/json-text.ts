// JSON bytes of comparison answers whose parts are shared between answers: to-json.ts keeps a
// cell's and a delta's JSON with their statistics and hands the same (never modified) object
// to every re-projection that shows it, so its UTF-8 text can be made once too. jsonBytes
// writes what JSON.stringify writes (as UTF-8), copying the kept bytes of every shared object it
// meets into one buffer: serializing a 5,000-row answer as a string and then encoding it
// (Buffer.byteLength, the socket's write) was most of the server's time per re-projection.

const kept = new WeakMap<object, Buffer>();
const shared = new WeakSet<object>();

/** Marks a JSON value (a plain object or array, never modified again) as shared between answers. */
export function shareJson<T extends object>(value: T): T {
  shared.add(value);
  return value;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/** Small texts gather in a string and reach the buffer in pieces of at least this many characters. */
const PENDING_MAX = 4096;

/** A growing UTF-8 buffer. */
class ByteWriter {
  private buf = Buffer.allocUnsafe(1 << 16);
  private len = 0;
  private pending = '';

  text(s: string): void {
    this.pending += s;
    if (this.pending.length >= PENDING_MAX) this.flush();
  }

  bytes(b: Buffer): void {
    this.flush();
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  done(): Buffer {
    this.flush();
    return this.buf.subarray(0, this.len);
  }

  private flush(): void {
    if (this.pending === '') return;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    this.room(this.pending.length * 3);
    this.len += this.buf.write(this.pending, this.len, 'utf8');
    this.pending = '';
  }

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}

/** Left out of an object (and null in an array) by JSON.stringify. */
function skipped(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** An object put apart by JSON.stringify (toJSON, Dates, typed arrays, Maps...): its own text.
 * (A shared value is a plain object or array by contract.) */
function isExotic(v: unknown): v is object {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isPlainObject(v);
}

/** Object keys as JSON strings, made once each: an answer repeats a handful thousands of times. */
const keyTexts = new Map<string, string>();
function keyText(key: string): string {
  let t = keyTexts.get(key);
  if (t === undefined) {
    t = JSON.stringify(key) + ':';
    if (keyTexts.size < 1000) keyTexts.set(key, t);
  }
  return t;
}

/** Writes one value that JSON.stringify would write (not a skipped one). */
function put(w: ByteWriter, v: unknown): void {
  switch (typeof v) {
    case 'string':
      w.text(JSON.stringify(v));
      return;
    case 'number':
      w.text(Number.isFinite(v) ? String(v) : 'null');
      return;
    case 'boolean':
      w.text(v ? 'true' : 'false');
      return;
    case 'object': {
      if (v === null) {
        w.text('null');
        return;
      }
      const k = kept.get(v);
      if (k !== undefined) {
        w.bytes(k);
        return;
      }
      if (shared.has(v)) {
        // Plain JSON data by contract: the native writer, once.
        const b = Buffer.from(JSON.stringify(v), 'utf8');
        kept.set(v, b);
        w.bytes(b);
        return;
      }
      if (Array.isArray(v)) {
        w.text('[');
        for (let i = 0; i < v.length; i++) {
          if (i > 0) w.text(',');
          const x: unknown = v[i];
          if (skipped(x)) w.text('null');
          else if (isExotic(x)) w.text(JSON.stringify(x) ?? 'null');
          else put(w, x);
        }
        w.text(']');
        return;
      }
      if (!isPlainObject(v)) {
        w.text(JSON.stringify(v) ?? 'null');
        return;
      }
      w.text('{');
      let first = true;
      for (const key of Object.keys(v)) {
        const x = (v as Record<string, unknown>)[key];
        if (skipped(x)) continue;
        let own: string | undefined;
        if (isExotic(x)) {
          own = JSON.stringify(x);
          if (own === undefined) continue;
        }
        w.text(first ? keyText(key) : ',' + keyText(key));
        first = false;
        if (own !== undefined) w.text(own);
        else put(w, x);
      }
      w.text('}');
      return;
    }
    default:
      // A BigInt throws as JSON.stringify does.
      w.text(String(JSON.stringify(v)));
  }
}

/** Buffer.from(JSON.stringify(value)) for an object or array, reusing the bytes of shared parts (shareJson). */
export function jsonBytes(value: object): Buffer {
  const w = new ByteWriter();
  if (isExotic(value)) w.text(JSON.stringify(value) ?? 'null');
  else put(w, value);
  return w.done();
}
