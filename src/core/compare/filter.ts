// benchstat's -filter, compiled: a result matches as a whole, or (for `.unit` matches) value by
// value through a mask, so `.unit:sec/op` keeps only the timings of a result. Fixed orders in
// projections (`/size@(1k 4k)`) add their own conditions, ANDed in (projection.ts).
import { fail } from '../../shared/errors.js';
import { makeExtractor, type Extractor } from './extractors.js';
import { parseFilterQuery, QuerySyntaxError, type FilterNode, type Matcher } from './query-syntax.js';
import type { NameCache, ResultView } from './result-view.js';
import type { FilterFn, FilterOutcome } from './filter-fn.js';

function matches(m: Matcher, s: string): boolean {
  return m.kind === 'lit' ? m.lit === s : m.re.test(s);
}

function compileNode(node: FilterNode, query: string, names: NameCache, extractors: Map<string, Extractor>): FilterFn {
  switch (node.kind) {
    case 'not': {
      const sub = compileNode(node.expr, query, names, extractors);
      return (r) => {
        const m = sub(r);
        if (typeof m === 'boolean') return !m;
        const out = new Uint8Array(m.length);
        for (let i = 0; i < m.length; i++) out[i] = m[i] ? 0 : 1;
        return out;
      };
    }
    case 'and':
    case 'or':
      return combine(
        node.kind,
        node.exprs.map((e) => compileNode(e, query, names, extractors)),
      );
    case 'match': {
      const m = node.matcher;
      if (node.key === '.unit') {
        return (r) => {
          const out = new Uint8Array(r.units.length);
          r.units.forEach((v, i) => {
            if (matches(m, v.unit) || (v.origUnit !== '' && matches(m, v.origUnit))) out[i] = 1;
          });
          return out;
        };
      }
      if (node.key === '.config') {
        fail(
          'InvalidInput',
          { field: '-filter', value: query },
          new QuerySyntaxError(query, node.offset, '.config is only allowed in projections').message,
        );
      }
      let ext = extractors.get(node.key);
      if (ext === undefined) {
        try {
          ext = makeExtractor(node.key, names);
        } catch (e) {
          fail('InvalidInput', { field: '-filter', value: query }, new QuerySyntaxError(query, node.offset, (e as Error).message).message);
        }
        extractors.set(node.key, ext);
      }
      const x = ext;
      return (r) => matches(m, x(r));
    }
  }
}

/** AND / OR with benchproc's short-circuits; masks combine bitwise. */
export function combine(op: 'and' | 'or', subs: readonly FilterFn[]): FilterFn {
  if (op === 'and') {
    return (r) => {
      let m: Uint8Array | null = null;
      for (const sub of subs) {
        const m2 = sub(r);
        if (typeof m2 === 'boolean') {
          if (!m2) return false;
        } else if (m === null) {
          m = m2;
        } else {
          for (let i = 0; i < m.length; i++) m[i] &= m2[i];
        }
      }
      return m ?? true;
    };
  }
  return (r) => {
    let m: Uint8Array | null = null;
    for (const sub of subs) {
      const m2 = sub(r);
      if (typeof m2 === 'boolean') {
        if (m2) return true;
      } else if (m === null) {
        m = m2;
      } else {
        for (let i = 0; i < m.length; i++) m[i] |= m2[i];
      }
    }
    return m ?? false;
  };
}

/** Compiles a -filter query; InvalidInput names the query on a syntax error. */
export function compileFilter(query: string, names: NameCache): FilterFn {
  let node: FilterNode;
  try {
    node = parseFilterQuery(query);
  } catch (e) {
    if (e instanceof QuerySyntaxError) fail('InvalidInput', { field: '-filter', value: query }, e.message);
    throw e;
  }
  return compileNode(node, query, names, new Map());
}

/** The values of r the outcome keeps (null: the result is dropped). */
export function applyFilter(outcome: FilterOutcome, r: ResultView): ResultView | null {
  if (outcome === true) return r;
  if (outcome === false) return null;
  let all = true;
  let any = false;
  for (let i = 0; i < r.values.length; i++) {
    if (outcome[i]) any = true;
    else all = false;
  }
  if (all) return r;
  if (!any) return null;
  return { ...r, values: r.values.filter((_, i) => outcome[i] === 1), units: r.units.filter((_, i) => outcome[i] === 1), shape: -1 };
}
