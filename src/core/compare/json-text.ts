// JSON text of comparison answers whose parts are shared between answers: to-json.ts keeps a
// cell's and a delta's JSON with their statistics and hands the same (never modified) object
// to every re-projection that shows it, so its text can be made once too. jsonText writes what
// JSON.stringify writes, taking the kept text of every shared object it meets: serializing a
// 5,000-row answer (6.7 MB) was half of the server's time per re-projection.

const texts = new WeakMap<object, string>();
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

/** One value's text, or undefined where JSON.stringify leaves a value out (undefined, functions, symbols). */
function write(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      const kept = texts.get(v);
      if (kept !== undefined) return kept;
      if (shared.has(v)) {
        // Plain JSON data by contract: the native writer, once.
        const t = JSON.stringify(v);
        texts.set(v, t);
        return t;
      }
      let text: string;
      if (Array.isArray(v)) {
        let s = '[';
        for (let i = 0; i < v.length; i++) s += (i > 0 ? ',' : '') + (write(v[i]) ?? 'null');
        text = s + ']';
      } else if (isPlainObject(v)) {
        let s = '{';
        let first = true;
        for (const k of Object.keys(v)) {
          const t = write((v as Record<string, unknown>)[k]);
          if (t === undefined) continue;
          s += (first ? '' : ',') + JSON.stringify(k) + ':' + t;
          first = false;
        }
        text = s + '}';
      } else {
        // Anything else (toJSON, Dates, typed arrays, BigInt errors): as JSON.stringify does it.
        return JSON.stringify(v);
      }
      return text;
    }
    default:
      // undefined, functions and symbols are left out; a BigInt throws as JSON.stringify does.
      return JSON.stringify(v);
  }
}

/** JSON.stringify(value), reusing the text of shared parts (shareJson). */
export function jsonText(value: unknown): string {
  return write(value) as string;
}
