// Fixed-width table layout with the exact rules of benchstat's texttab: cells and multi-column
// spans with left margins and alignment, "shrink" columns that never widen for spans, widths
// from single cells first and then spans (narrowest first), and empty cells skipped so rows
// carry no trailing blanks. Widths count code points, as Go's utf8.RuneCountInString does.
// render-text.ts drives it.

export type Align = 'left' | 'center' | 'right';

interface TextCell {
  readonly row: number;
  readonly col: number;
  readonly span: number;
  readonly value: string;
  readonly leftMargin: string;
  readonly align: Align;
  readonly seq: number;
}

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

/** Go's fmt `%*s` with value "" and width w: |w| spaces (a negative width left-justifies). */
function pad(w: number): string {
  return ' '.repeat(Math.abs(w));
}

export class TextTable {
  private readonly cells: TextCell[] = [];
  private cols = 0;
  private readonly shrinkCols: boolean[] = [];
  private curRow = 0;
  private curCol = 0;

  row(): this {
    if (this.cells.length > 0) this.curRow++;
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
    this.cells.push({
      row: this.curRow,
      col: this.curCol,
      span: cols,
      value,
      leftMargin: opts?.leftMargin ?? defaultMargin,
      align: opts?.align ?? 'left',
      seq: this.cells.length,
    });
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

  format(): string {
    const n = this.cols;
    const lmargin = new Array<number>(n).fill(0);
    for (const c of this.cells) lmargin[c.col] = Math.max(runeCount(c.leftMargin), lmargin[c.col]);

    const ws = new Array<number>(n).fill(0);
    // Single cells first, then spans narrowest first (a stable order, like Go's sort here).
    const spans = this.cells.filter((c) => c.span !== 1).sort((a, b) => a.span - b.span || a.seq - b.seq);
    for (const c of this.cells) if (c.span === 1) ws[c.col] = Math.max(ws[c.col], runeCount(c.value) + lmargin[c.col]);
    const bySpan = spans;
    for (const cell of bySpan) {
      let w = runeCount(cell.value) + lmargin[cell.col];
      if (cell.span === 1) {
        ws[cell.col] = Math.max(ws[cell.col], w);
        continue;
      }
      let tw = 0;
      for (let col = cell.col; col < cell.col + cell.span; col++) tw += ws[col];
      if (tw >= w) continue;
      const spanCols: number[] = [];
      for (let col = cell.col; col < cell.col + cell.span; col++) {
        if (this.isShrink(col)) w -= ws[col];
        else spanCols.push(col);
      }
      // Widest first (a stable sort, as Go's insertion sort is for short lists).
      spanCols.sort((a, b) => ws[b] - ws[a]);
      let span = spanCols.length;
      for (const col of spanCols) {
        const avg = Math.trunc((w + span - 1) / span);
        ws[col] = Math.max(ws[col], avg);
        w -= ws[col];
        span--;
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
    for (let i = 1; i < this.cells.length && inOrder; i++) {
      const a = this.cells[i - 1];
      const b = this.cells[i];
      inOrder = a.row < b.row || (a.row === b.row && a.col < b.col);
    }
    const ordered = inOrder ? this.cells : [...this.cells].sort((a, b) => a.row - b.row || a.col - b.col || a.seq - b.seq);
    let out = '';
    let row = 0;
    off = 0;
    for (const cell of ordered) {
      if (cell.value.trim() === '' && cell.leftMargin.trim() === '') continue;
      while (cell.row > row) {
        out += '\n';
        row++;
        off = 0;
      }
      const spaces = offs[cell.col] - off;
      const margin = lmargin[cell.col];
      const mlen = runeCount(cell.leftMargin);
      out += pad(spaces) + (mlen < margin ? ' '.repeat(margin - mlen) : '') + cell.leftMargin;
      off += spaces + margin;
      const tw = offs[cell.col + cell.span] - offs[cell.col] - margin;
      const s = lpad(cell.align, cell.value, tw);
      out += s;
      off += runeCount(s);
    }
    if (this.cells.length > 0) out += '\n';
    return out;
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
