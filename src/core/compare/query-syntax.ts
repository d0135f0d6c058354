// The little language of benchstat's -filter, -table, -row, -col and -ignore options (golang/perf
// benchproc syntax): words, quoted words, /regexps/ (Go RE2 syntax, through re2js), operators
// `( ) : @ ,` and, at the start of a word, `-` and `*`; filters with AND (or juxtaposition), OR,
// negation and `key:(a OR b)`; projections `key`, `key@order`, `key@(v1 v2)`. projection.ts and
// filter.ts compile the trees this module produces.
import { RE2JS } from 're2js';

export class QuerySyntaxError extends Error {
  constructor(
    readonly query: string,
    readonly offset: number,
    readonly msg: string,
  ) {
    super(formatSyntaxError(query, offset, msg));
  }
}

const GRAPHIC_RE = /[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]/u;

function formatSyntaxError(query: string, offset: number, msg: string): string {
  let pos = 0;
  let i = 0;
  for (const ch of query) {
    if (i >= offset) break;
    if (GRAPHIC_RE.test(ch)) pos++;
    i += ch.length;
  }
  return `syntax error: ${msg}\n\t${query}\n\t${' '.repeat(pos)}^`;
}

export type Matcher = { readonly kind: 'lit'; readonly lit: string } | { readonly kind: 're'; readonly source: string; readonly re: RE2JS };

export type FilterNode =
  | { readonly kind: 'match'; readonly key: string; readonly matcher: Matcher; readonly offset: number }
  | { readonly kind: 'and' | 'or'; readonly exprs: readonly FilterNode[] }
  | { readonly kind: 'not'; readonly expr: FilterNode };

export interface ProjField {
  readonly key: string;
  /** 'first' (observation order), 'fixed', or a named order (alpha, num). */
  readonly order: string;
  readonly fixed: readonly string[];
  readonly keyOffset: number;
  readonly orderOffset: number;
}

interface Tok {
  /** 'w' word, 'q' quoted word, 'r' regexp, 'A' AND, 'O' OR, an operator char, or '' at the end. */
  readonly kind: string;
  readonly off: number;
  readonly tok: string;
  readonly re?: RE2JS;
}

function isOp(ch: string): boolean {
  return ch === '(' || ch === ')' || ch === ':' || ch === '@' || ch === ',';
}

function isStartOp(ch: string): boolean {
  return isOp(ch) || ch === '-' || ch === '*';
}

const SPACE_RE = /^\p{White_Space}/u;

/** An immutable position in the query; errors are recorded once (the first wins). */
class Tokenizer {
  constructor(
    public q: string,
    readonly orig: string,
    readonly errs: { err: QuerySyntaxError | null },
  ) {}

  private tok(kind: string, token: string, rest: string): [Tok, Tokenizer] {
    return [{ kind, off: this.orig.length - this.q.length, tok: token }, new Tokenizer(rest, this.orig, this.errs)];
  }

  error(msg: string): [Tok, Tokenizer] {
    if (this.errs.err === null) this.errs.err = new QuerySyntaxError(this.orig, this.orig.length - this.q.length, msg);
    return this.tok('', '', '');
  }

  keyOrOp(): [Tok, Tokenizer] {
    return this.next(false);
  }

  valueOrOp(): [Tok, Tokenizer] {
    return this.next(true);
  }

  end(): Tokenizer {
    const [t] = this.keyOrOp();
    if (t.kind !== '') return this.error('unexpected ' + goQuote(t.tok))[1];
    return this;
  }

  private next(allowRegexp: boolean): [Tok, Tokenizer] {
    // Like Go's pointer receiver, skipping spaces moves this tokenizer too (error offsets
    // then point at the next token rather than at the space before it).
    for (;;) {
      const sp = this.q.length > 0 ? SPACE_RE.exec(this.q) : null;
      if (sp === null) break;
      this.q = this.q.slice(sp[0].length);
    }
    const q = this.q;
    if (q.length === 0) return this.tok('', '', '');
    const ch = q[0];
    if (isStartOp(ch)) return this.tok(ch, ch, q.slice(1));
    if (allowRegexp && ch === '/') return this.regexp();
    if (ch === '"') return this.quotedWord();
    return this.bareWord();
  }

  private quotedWord(): [Tok, Tokenizer] {
    const q = this.q;
    let pos = 1;
    while (pos < q.length && (q[pos] !== '"' || q[pos - 1] === '\\')) pos++;
    if (pos === q.length) return this.error('missing end quote');
    const word = goUnquote(q.slice(0, pos + 1));
    if (word === null) return this.error('bad escape sequence');
    return this.tok('q', word, q.slice(pos + 1));
  }

  private bareWord(): [Tok, Tokenizer] {
    const q = this.q;
    let end = q.length;
    for (let i = 0; i < q.length; ) {
      const ch = String.fromCodePoint(q.codePointAt(i)!);
      if (SPACE_RE.test(ch) || isOp(ch)) {
        end = i;
        break;
      }
      i += ch.length;
    }
    const word = q.slice(0, end);
    if (word === 'AND') return this.tok('A', word, q.slice(end));
    if (word === 'OR') return this.tok('O', word, q.slice(end));
    return this.tok('w', word, q.slice(end));
  }

  private regexp(): [Tok, Tokenizer] {
    const body = this.q.slice(1);
    const split = regexpParseUntil(body, '/');
    if (split === null) return this.error('missing close "/"');
    const [expr, rest] = split;
    let re: RE2JS;
    try {
      re = RE2JS.compile(expr);
    } catch (e) {
      return this.error((e as Error).message);
    }
    const q2 = rest.slice(1);
    if (!(q2 === '' || SPACE_RE.test(q2) || isStartOp(q2[0]))) {
      return new Tokenizer(q2, this.orig, this.errs).error('regexp must be followed by space or an operator (unescaped "/"?)');
    }
    const [t, next] = this.tok('r', expr, q2);
    return [{ ...t, re }, next];
  }
}

/** The regexp prefix of str up to a top-level delimiter, or null when there is none. */
function regexpParseUntil(str: string, delim: string): [string, string] | null {
  let cs = 0;
  let cp = 0;
  for (let i = 0; i < str.length; ) {
    if (cs === 0 && cp === 0 && str.startsWith(delim, i)) return [str.slice(0, i), str.slice(i)];
    switch (str[i]) {
      case '[':
        cs++;
        break;
      case ']':
        if (--cs < 0) cs = 0;
        break;
      case '(':
        if (cs === 0) cp++;
        break;
      case ')':
        if (cs === 0) cp--;
        break;
      case '\\':
        i++;
        break;
    }
    i++;
  }
  return null;
}

/** Go's strconv.Quote, for the ASCII-printable cases error messages need. */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
};

/** Go's strconv.Unquote of a double-quoted literal; null when it is malformed. */
export function goUnquote(lit: string): string | null {
  if (lit.length < 2 || lit[0] !== '"' || lit[lit.length - 1] !== '"') return null;
  const s = lit.slice(1, -1);
  let out = '';
  for (let i = 0; i < s.length; ) {
    const ch = s[i];
    if (ch === '"' || ch === '\n') return null;
    if (ch !== '\\') {
      out += ch;
      i++;
      continue;
    }
    const e = s[i + 1];
    if (e === undefined) return null;
    if (e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e];
      i += 2;
      continue;
    }
    const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLen > 0) {
      const h = s.slice(i + 2, i + 2 + hexLen);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(h)) return null;
      const v = parseInt(h, 16);
      if (e === 'x')
        out += String.fromCharCode(v); // a raw byte; Latin-1 is the closest JS has
      else if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return null;
      else out += String.fromCodePoint(v);
      i += 2 + hexLen;
      continue;
    }
    if (e >= '0' && e <= '7') {
      const o = s.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(o) || parseInt(o, 8) > 255) return null;
      out += String.fromCharCode(parseInt(o, 8));
      i += 4;
      continue;
    }
    return null;
  }
  return out;
}

function mkMatch(off: number, key: string, val: Tok): FilterNode {
  const matcher: Matcher = val.kind === 'r' ? { kind: 're', source: val.tok, re: val.re! } : { kind: 'lit', lit: val.tok };
  return { kind: 'match', key, matcher, offset: off };
}

const NOTHING: FilterNode = { kind: 'and', exprs: [] };
/** Deepest nesting of parentheses and `-` accepted: deeper is a syntax error, not a stack overflow. */
export const MAX_FILTER_DEPTH = 500;

function parseExpr(toks: Tokenizer, depth = 0): [FilterNode, Tokenizer] {
  const terms: FilterNode[] = [];
  for (;;) {
    const [q, t2] = parseAnd(toks, depth);
    toks = t2;
    terms.push(q);
    const [op, t3] = toks.keyOrOp();
    if (op.kind !== 'O') break;
    toks = t3;
  }
  return terms.length === 1 ? [terms[0], toks] : [{ kind: 'or', exprs: terms }, toks];
}

function parseAnd(toks: Tokenizer, depth: number): [FilterNode, Tokenizer] {
  const [first, t1] = parseMatch(toks, depth);
  toks = t1;
  const terms = [first];
  for (;;) {
    const [op, t2] = toks.keyOrOp();
    if (op.kind === 'A') {
      toks = t2;
      continue;
    }
    if (op.kind === '(' || op.kind === '-' || op.kind === '*' || op.kind === 'w' || op.kind === 'q') {
      const [q, t3] = parseMatch(toks, depth);
      terms.push(q);
      toks = t3;
      continue;
    }
    if (op.kind === ')' || op.kind === 'O' || op.kind === '') break;
    return [NOTHING, toks.error('unexpected ' + goQuote(op.tok))[1]];
  }
  return terms.length === 1 ? [terms[0], toks] : [{ kind: 'and', exprs: terms }, toks];
}

function parseMatch(start: Tokenizer, depth: number): [FilterNode, Tokenizer] {
  const [tok, rest] = start.keyOrOp();
  if ((tok.kind === '(' || tok.kind === '-') && depth >= MAX_FILTER_DEPTH) {
    return [NOTHING, start.error(`nested more than ${MAX_FILTER_DEPTH} levels deep`)[1]];
  }
  switch (tok.kind) {
    case '(': {
      const [q, r2] = parseExpr(rest, depth + 1);
      const [op, t2] = r2.keyOrOp();
      if (op.kind !== ')') return [NOTHING, r2.error('missing ")"')[1]];
      return [q, t2];
    }
    case '-': {
      const [q, r2] = parseMatch(rest, depth + 1);
      return [{ kind: 'not', expr: q }, r2];
    }
    case '*':
      return [{ kind: 'and', exprs: [] }, rest];
    case 'w':
    case 'q': {
      const [op, t2] = rest.keyOrOp();
      if (op.kind !== ':') return [NOTHING, start.error('expected key:value')[1]];
      const [val, r3] = t2.valueOrOp();
      if (val.kind === 'w' || val.kind === 'q' || val.kind === 'r') return [mkMatch(tok.off, tok.tok, val), r3];
      if (val.kind !== '(') return [NOTHING, start.error('expected key:value')[1]];
      const terms: FilterNode[] = [];
      let r = r3;
      for (;;) {
        const [v, t4] = r.valueOrOp();
        if (!(v.kind === 'w' || v.kind === 'q' || v.kind === 'r')) return [NOTHING, r.error('expected value')[1]];
        terms.push(mkMatch(tok.off, tok.tok, v));
        r = t4;
        const [sep, t5] = r.valueOrOp();
        if (sep.kind === ')') return [{ kind: 'or', exprs: terms }, t5];
        if (sep.kind !== 'O') return [NOTHING, r.error('value list must be separated by OR')[1]];
        r = t5;
      }
    }
  }
  return [NOTHING, start.error('expected key:value or subexpression')[1]];
}

/** Parses a filter expression; throws QuerySyntaxError. `*` matches everything. */
export function parseFilterQuery(q: string): FilterNode {
  const errs = { err: null as QuerySyntaxError | null };
  const [node, toks] = parseExpr(new Tokenizer(q, q, errs));
  toks.end();
  if (errs.err) throw errs.err;
  return node;
}

function parseField(toks: Tokenizer): [ProjField, Tokenizer] {
  const [key, t2] = toks.keyOrOp();
  if (!(key.kind === 'w' || key.kind === 'q')) {
    return [{ key: '', order: 'first', fixed: [], keyOffset: 0, orderOffset: 0 }, toks.error('expected key')[1]];
  }
  toks = t2;
  const f = { key: key.tok, order: 'first', fixed: [] as string[], keyOffset: key.off, orderOffset: key.off + key.tok.length };
  const [sep, t3] = toks.keyOrOp();
  if (sep.kind !== '@') return [f, toks];
  toks = t3;
  const [order, t4] = toks.keyOrOp();
  f.orderOffset = order.off;
  if (order.kind === 'w' || order.kind === 'q') {
    f.order = order.tok;
    return [f, t4];
  }
  if (order.kind === '(') {
    f.order = 'fixed';
    toks = t4;
    for (;;) {
      const [t, t5] = toks.keyOrOp();
      if (t.kind === 'w' || t.kind === 'q') {
        toks = t5;
        f.fixed.push(t.tok);
      } else if (t.kind === ')') {
        if (f.fixed.length === 0) toks = toks.error('nothing to match')[1];
        else toks = t5;
        break;
      } else {
        toks = toks.error('missing )')[1];
        break;
      }
    }
    return [f, toks];
  }
  return [f, toks.error('expected named sort order or parenthesized list')[1]];
}

/** Parses a projection expression such as `.name,/size@num`; throws QuerySyntaxError. */
export function parseProjectionQuery(q: string): ProjField[] {
  const errs = { err: null as QuerySyntaxError | null };
  let toks = new Tokenizer(q, q, errs);
  const fields: ProjField[] = [];
  for (;;) {
    const [t, t2] = toks.keyOrOp();
    if (t.kind === '') break;
    if (t.kind === ',' && fields.length > 0) toks = t2;
    const [f, t3] = parseField(toks);
    fields.push(f);
    toks = t3;
    if (errs.err) break;
  }
  toks.end();
  if (errs.err) throw errs.err;
  return fields;
}
