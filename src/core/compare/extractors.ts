// The values projections and filters read from a result (golang/perf benchproc's extractors):
// `.name`, `.fullname` (less the keys projected elsewhere), `/key` sub-benchmark parts
// (`/gomaxprocs` also from the -N suffix), config keys; and the built-in value orders
// (`alpha`, `num` with benchproc's fuzzy numbers). projection.ts and filter.ts use them.
import { parseGoFloat } from '../benchfmt/index.js';
import type { NameCache, ResultView } from './result-view.js';

export type Extractor = (r: ResultView) => string;

const NUM_RE = /^([+-]?[0-9.]+)([kKMGTPEZY]i?)?[bB]?$/;
const NUM_PREFIXES = 'KMGTPEZY';

/** benchproc's fuzzy number parser (plain floats, then SI/IEC-suffixed numbers). */
function parseNum(x: string): number | null {
  const f = parseGoFloat(x);
  if (f.ok) return f.value;
  const m = NUM_RE.exec(x);
  if (m) {
    const v = parseGoFloat(m[1]);
    if (v.ok) {
      let exp = 0;
      if (m[2]) {
        let pre = m[2][0];
        if (pre === 'k') pre = 'K';
        exp = 1 + NUM_PREFIXES.indexOf(pre);
      }
      return m[2]?.endsWith('i') ? v.value * 1024 ** exp : v.value * 1000 ** exp;
    }
  }
  return null;
}

export const BUILTIN_ORDERS: Readonly<Record<string, (a: string, b: string) => number>> = {
  alpha: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  num: (a, b) => {
    const aa = parseNum(a);
    const bb = parseNum(b);
    if (aa !== null && bb !== null) {
      if (aa < bb || (!Number.isNaN(aa) && Number.isNaN(bb))) return -1;
      if (aa > bb || (Number.isNaN(aa) && !Number.isNaN(bb))) return 1;
      return 0;
    }
    if (aa === null && bb === null) return 0;
    return aa !== null ? -1 : 1;
  },
};

export function makeExtractor(key: string, names: NameCache): Extractor {
  if (key === '') throw new Error('key must not be empty');
  if (key === '.name') return (r) => names.parts(r.fullName).base;
  if (key === '.fullname') return (r) => r.fullName;
  if (key.startsWith('/')) {
    const prefix = key + '=';
    const isGomaxprocs = key === '/gomaxprocs';
    return (r) => {
      const parts = names.parts(r.fullName).parts;
      if (isGomaxprocs && parts.length > 0) {
        const last = parts[parts.length - 1];
        if (last.startsWith('-')) return last.slice(1);
      }
      for (const p of parts) if (p.startsWith(prefix)) return p.slice(prefix.length);
      return '';
    };
  }
  return (r) => r.config.get(key) ?? '';
}

/** `.fullname` with more specific keys projected elsewhere removed (`.name` -> `*`). */
export function fullNameExcluding(exclude: readonly string[], names: NameCache): Extractor {
  const del: string[] = [];
  let excName = false;
  let excProcs = false;
  for (const k of exclude) {
    if (k === '.name') excName = true;
    if (!k.startsWith('/')) continue;
    del.push(k + '=');
    if (k === '/gomaxprocs') excProcs = true;
  }
  if (del.length === 0 && !excName && !excProcs) return (r) => r.fullName;
  return (r) => {
    const name = r.fullName;
    let found = excName || del.some((d) => name.includes(d));
    if (!found && excProcs && name.includes('-')) found = true;
    if (!found) return name;
    const { base, parts } = names.parts(name);
    let out = excName ? '*' : base;
    outer: for (const part of parts) {
      for (const d of del) if (part.startsWith(d)) continue outer;
      if (excProcs && part.startsWith('-')) continue;
      out += part;
    }
    return out;
  };
}
