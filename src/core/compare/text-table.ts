// Fixed-width table layout with the exact rules of benchstat's texttab: cells and multi-column
// spans with left margins and alignment, "shrink" columns that never widen for spans, widths
// from single cells first and then spans (narrowest first), and empty cells skipped so rows
// carry no trailing blanks. Widths count code points, as Go's utf8.RuneCountInString does.
// render-text.ts drives it.

export type Align = 'left' | 'center' | 'right';

export interface CellOpts {
  readonly align?: Align;
  readonly leftMargin?: string;
}

function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++; // count every code unit except low surrogates
  }
  return n;
}

/** Runs of spaces up to 64, made once: a big table pads every cell. */
const SPACES: string[] = Array.from({ length: 65 }, (_, i) => ' '.repeat(i));

function spaces(n: number): string {
  return n < SPACES.length ? SPACES[n] : ' '.repeat(n);
}

/** Go's fmt `%*s` with value "" and width w: |w| spaces (a negative width left-justifies). */
function pad(w: number): string {
  return spaces(Math.abs(w));
}

/** s.trim() === '' without building the trimmed string for the usual cell (a visible first character). */
function isBlank(s: string): boolean {
  if (s.length === 0) return true;
  const c = s.charCodeAt(0);
  if (c > 0x20 && c < 0x7f) return false;
  return s.trim() === '';
}

const ALIGNS: readonly Align[] = ['left', 'center', 'right'];

/** A growable Int32Array. */
function grow(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** Output is handed on in pieces of about this many characters. */
const PIECE = 1 << 16;

export class TextTable {
  // Cells in the order added, column-wise (no object per cell): a big table has one cell per
  // value and statistic. Cell i is row[i], col[i], span[i], value[i], margin[i], align[i].
  private n = 0;
  private rowOf = new Int32Array(256);
  private colOf = new Int32Array(256);
  private spanOf = new Int32Array(256);
  /** Alignment: index into ALIGNS. */
  private flags = new Int32Array(256);
  private readonly values: string[] = [];
  private readonly margins: string[] = [];
  private cols = 0;
  private readonly shrinkCols: boolean[] = [];
  private curRow = 0;
  private curCol = 0;

  row(): this {
    if (this.n > 0) this.curRow++;
    this.curCol = 0;
    return this;
  }

  col(c: number): this {
    if (c < this.curCol) throw new Error(`cannot move from column ${this.curCol} to earlier column ${c}`);
    this.curCol = c;
    return this;
  }

  get currentCol(): number {
    return this.curCol;
  }

  cell(value: string, opts?: CellOpts): this {
    return this.span(1, value, opts);
  }

  span(cols: number, value: string, opts?: CellOpts): this {
    const defaultMargin = this.curCol === 0 || value.length === 0 ? '' : ' ';
    const i = this.n++;
    if (i >= this.rowOf.length) {
      this.rowOf = grow(this.rowOf, i + 1);
      this.colOf = grow(this.colOf, i + 1);
      this.spanOf = grow(this.spanOf, i + 1);
      this.flags = grow(this.flags, i + 1);
    }
    this.rowOf[i] = this.curRow;
    this.colOf[i] = this.curCol;
    this.spanOf[i] = cols;
    this.flags[i] = opts?.align === 'center' ? 1 : opts?.align === 'right' ? 2 : 0;
    this.values.push(value);
    this.margins.push(opts?.leftMargin ?? defaultMargin);
    this.curCol += cols;
    if (this.curCol > this.cols) this.cols = this.curCol;
    return this;
  }

  setShrink(col: number, shrink: boolean): void {
    while (this.shrinkCols.length < col + 1) this.shrinkCols.push(false);
    this.shrinkCols[col] = shrink;
  }

  private isShrink(col: number): boolean {
    return col < this.shrinkCols.length ? this.shrinkCols[col] : false;
  }

  /** The table as one string. */
  format(): string {
    const parts: string[] = [];
    this.formatTo((s) => parts.push(s));
    return parts.join('');
  }

  /** The table, handed to `write` in pieces (a big table is never one string). */
  formatTo(write: (s: string) => void): void {
    const n = this.cols;
    const count = this.n;
    const { rowOf, colOf, spanOf, values, margins } = this;
    const lmargin = new Array<number>(n).fill(0);
    for (let i = 0; i < count; i++) lmargin[colOf[i]] = Math.max(runeCount(margins[i]), lmargin[colOf[i]]);

    const ws = new Array<number>(n).fill(0);
    // Single cells first, then spans narrowest first (a stable order, like Go's sort here).
    const spans: number[] = [];
    for (let i = 0; i < count; i++) {
      if (spanOf[i] !== 1) spans.push(i);
      else ws[colOf[i]] = Math.max(ws[colOf[i]], runeCount(values[i]) + lmargin[colOf[i]]);
    }
    spans.sort((a, b) => spanOf[a] - spanOf[b] || a - b);
    for (const i of spans) {
      const c0 = colOf[i];
      const span = spanOf[i];
      let w = runeCount(values[i]) + lmargin[c0];
      let tw = 0;
      for (let col = c0; col < c0 + span; col++) tw += ws[col];
      if (tw >= w) continue;
      const spanCols: number[] = [];
      for (let col = c0; col < c0 + span; col++) {
        if (this.isShrink(col)) w -= ws[col];
        else spanCols.push(col);
      }
      // Widest first (a stable sort, as Go's insertion sort is for short lists).
      spanCols.sort((a, b) => ws[b] - ws[a]);
      let left = spanCols.length;
      for (const col of spanCols) {
        const avg = Math.trunc((w + left - 1) / left);
        ws[col] = Math.max(ws[col], avg);
        w -= ws[col];
        left--;
      }
    }

    const offs = new Array<number>(n + 1).fill(0);
    let off = 0;
    for (let i = 0; i < n; i++) {
      offs[i] = off;
      off += ws[i];
    }
    offs[n] = off;

    // Cells are usually added in row and column order already.
    let inOrder = true;
    for (let i = 1; i < count && inOrder; i++) inOrder = rowOf[i - 1] < rowOf[i] || (rowOf[i - 1] === rowOf[i] && colOf[i - 1] < colOf[i]);
    let order: Int32Array | null = null;
    if (!inOrder) {
      const idx = Array.from({ length: count }, (_, i) => i);
      idx.sort((a, b) => rowOf[a] - rowOf[b] || colOf[a] - colOf[b] || a - b);
      order = Int32Array.from(idx);
    }
    let out = '';
    let row = 0;
    off = 0;
    for (let k = 0; k < count; k++) {
      const i = order === null ? k : order[k];
      const value = values[i];
      const leftMargin = margins[i];
      if (isBlank(value) && isBlank(leftMargin)) continue;
      while (rowOf[i] > row) {
        out += '\n';
        row++;
        off = 0;
        if (out.length >= PIECE) {
          write(out);
          out = '';
        }
      }
      const c0 = colOf[i];
      const gap = offs[c0] - off;
      const margin = lmargin[c0];
      const mlen = runeCount(leftMargin);
      out += pad(gap) + (mlen < margin ? spaces(margin - mlen) : '') + leftMargin;
      off += gap + margin;
      const tw = offs[c0 + spanOf[i]] - offs[c0] - margin;
      const s = lpad(ALIGNS[this.flags[i]], value, tw);
      out += s;
      off += runeCount(s);
    }
    if (count > 0) out += '\n';
    if (out.length > 0) write(out);
  }
}

function lpad(align: Align, s: string, w: number): string {
  switch (align) {
    case 'left':
      return s;
    case 'center': {
      const l = Math.trunc((w - runeCount(s)) / 2);
      return pad(l) + s;
    }
    case 'right': {
      // fmt's %*s: a negative width pads on the right instead.
      const n = runeCount(s);
      if (w >= 0) return n >= w ? s : ' '.repeat(w - n) + s;
      return n >= -w ? s : s + ' '.repeat(-w - n);
    }
  }
}
