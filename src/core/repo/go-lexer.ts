// A small lexer for Go source, enough to find declarations without running anything: it skips
// line and general comments, interpreted strings, rune literals and raw strings, and yields
// identifiers, numbers and single-character punctuation with their line. It never throws: an
// unterminated comment or literal simply ends the input (the file would not compile anyway).
// static-scan.ts reads benchmark declarations from its tokens.

export type GoTokenKind = 'ident' | 'number' | 'string' | 'punct';

export interface GoToken {
  readonly kind: GoTokenKind;
  /** The identifier or punctuation character; '' for strings and numbers (their text is never needed). */
  readonly text: string;
  /** 1-based line of the token's first character. */
  readonly line: number;
}

const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{Nd}_]/u;

function isIdentStart(ch: string): boolean {
  return IDENT_START.test(ch);
}

/** The end (exclusive) of a quoted literal starting at `start` (the opening quote). */
function quotedEnd(src: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    // A newline ends an (invalid) interpreted string or rune literal; Go reports it, we go on.
    if (c === quote || c === '\n') return i + 1;
    i++;
  }
  return src.length;
}

export function* goTokens(src: string): Generator<GoToken> {
  let i = 0;
  let line = 1;
  const n = src.length;
  const countLines = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (src.charCodeAt(k) === 10) line++;
  };
  while (i < n) {
    const c = src[i];
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\ufeff') {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      const end = src.indexOf('\n', i);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const close = src.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      countLines(i, end);
      i = end;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = quotedEnd(src, i, c);
      yield { kind: 'string', text: '', line };
      countLines(i, end);
      i = end;
      continue;
    }
    if (c === '`') {
      const close = src.indexOf('`', i + 1);
      const end = close < 0 ? n : close + 1;
      yield { kind: 'string', text: '', line };
      countLines(i, end);
      i = end;
      continue;
    }
    if ((c >= '0' && c <= '9') || (c === '.' && src[i + 1] >= '0' && src[i + 1] <= '9')) {
      let j = i + 1;
      // Digits, letters (hex digits, prefixes, exponents, the imaginary i), _ and dots; an
      // exponent's sign belongs to the number too (1e+9, 0x1p-2).
      while (j < n) {
        const d = src[j];
        if (/[0-9A-Za-z_.]/.test(d)) j++;
        else if ((d === '+' || d === '-') && /[eEpP]/.test(src[j - 1]) && !/^0[xX][0-9a-fA-F_]*[eE]$/.test(src.slice(i, j))) j++;
        else break;
      }
      yield { kind: 'number', text: '', line };
      i = j;
      continue;
    }
    const cp = src.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (isIdentStart(ch)) {
      let j = i + ch.length;
      while (j < n) {
        const next = String.fromCodePoint(src.codePointAt(j)!);
        if (!IDENT_PART.test(next)) break;
        j += next.length;
      }
      yield { kind: 'ident', text: src.slice(i, j), line };
      i = j;
      continue;
    }
    yield { kind: 'punct', text: ch, line };
    i += ch.length;
  }
}
