// The comparison table, virtualized: a fixed row height, only the rows in view (plus a few)
// rendered, header and rows sharing one CSS grid template so columns line up. The table knows
// every row's name (the view answer's) and draws the rows it has; those in view it has not
// yet are asked for (`onRange`) and drawn as their name and placeholders meanwhile. Cells show
// the engine's texts; deltas are coloured by direction and significance, with CI, p and n; the
// footnotes are tooltips. Renders and scroll steps are timed (performance.measure
// 'compare-render' and 'compare-scroll') for bench/.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { CompareGeomean, CompareRow, CompareViewTable } from '../../../shared/compare-types.js';
import {
  columnMins,
  deltaCiText,
  deltaClass,
  deltaStrength,
  footnoteText,
  gridTemplate,
  pnText,
  verdictBadge,
} from '../model/compare-model.js';
import { virtualWindow } from '../model/virtual.js';

export const ROW_HEIGHT = 28;

/** The key of the geomean row (row keys are row names otherwise). */
export const GEOMEAN_KEY = '\u0000geomean';

type ShownRow =
  | { readonly kind: 'row'; readonly key: string; readonly row: CompareRow | undefined }
  | { readonly kind: 'geomean'; readonly key: string; readonly geomean: CompareGeomean };

export function CompareTableView({
  table,
  rowAt,
  version,
  onRange,
  selected,
  onSelect,
  height,
}: {
  table: CompareViewTable;
  /** The row shown at i, undefined while it loads. */
  rowAt: (i: number) => CompareRow | undefined;
  /** Changes when rows arrive. */
  version: number;
  /** The rows [start, end) are in view (or about to be). */
  onRange: (start: number, end: number) => void;
  selected: string | null;
  onSelect: (key: string) => void;
  height: number;
}) {
  // The scroll position belongs to the view it was scrolled in: a new view (another sort, filter
  // or unit) starts at its top, in its first render (no rows asked for the old position).
  const [scroll, setScroll] = useState({ table, top: 0 });
  const scrollTop = scroll.table === table ? scroll.top : 0;
  const box = useRef<HTMLDivElement>(null);
  const scrollStart = useRef<number | null>(null);
  const renderStart = useRef(performance.now());
  renderStart.current = performance.now();
  const firstFor = useRef<CompareViewTable | null>(null);
  const count = table.names.length + (table.showGeomean && table.geomean ? 1 : 0);
  const win = virtualWindow(scrollTop, height, ROW_HEIGHT, count);
  const mins = useMemo(() => columnMins(table, table.showGeomean ? [...table.names, 'geomean'] : table.names), [table]);
  const template = gridTemplate(table.columns.length, mins);
  const shown = (i: number): ShownRow =>
    i < table.names.length
      ? { kind: 'row', key: table.names[i], row: rowAt(i) }
      : { kind: 'geomean', key: GEOMEAN_KEY, geomean: table.geomean! };
  // Ask for the rows in view and one screen either side.
  const screen = Math.ceil(height / ROW_HEIGHT);
  useEffect(() => onRange(Math.max(0, win.start - screen), win.end + screen), [onRange, win.start, win.end, screen, table, version]);

  useLayoutEffect(() => {
    const now = performance.now();
    if (firstFor.current !== table) {
      firstFor.current = table;
      // From the moment the comparison arrived (the view marks it) to this commit.
      const arrived = performance.getEntriesByName('compare-data').at(-1)?.startTime;
      performance.measure('compare-render', {
        start: arrived !== undefined && arrived <= renderStart.current ? arrived : renderStart.current,
        end: now,
        detail: { rows: count },
      });
    }
    if (scrollStart.current !== null) {
      performance.measure('compare-scroll', { start: scrollStart.current, end: now });
      scrollStart.current = null;
    }
  });

  // The box follows (the selected row, if it is still shown, is brought into view just below).
  const viewOf = useRef(table);
  useLayoutEffect(() => {
    if (viewOf.current === table) return;
    viewOf.current = table;
    if (box.current) box.current.scrollTop = 0;
  }, [table]);

  // Keep the selected row in view when it changes by keyboard.
  useLayoutEffect(() => {
    const i = selected === GEOMEAN_KEY ? table.names.length : selected === null ? -1 : table.names.indexOf(selected);
    const el = box.current;
    if (i < 0 || !el) return;
    const top = i * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + height - ROW_HEIGHT) el.scrollTop = top + 2 * ROW_HEIGHT - height;
  }, [selected, table, height]);

  const header: React.ReactNode[] = [
    <div key="name" className="th">
      {table.unit}
    </div>,
  ];
  table.columns.forEach((c, i) => {
    header.push(
      <div key={`c${i}`} className="th num" title={table.columnFields.join(', ')}>
        {c}
      </div>,
    );
    if (i > 0)
      header.push(
        <div key={`d${i}`} className="th num">
          vs base
        </div>,
        <div key={`ci${i}`} className="th num">
          delta CI
        </div>,
        <div key={`p${i}`} className="th num">
          p, n
        </div>,
        <div
          key={`v${i}`}
          className="th"
          title="faster, slower, no change (interval within the tolerance) or undecided (hover for why and the --count that would decide)"
        >
          verdict
        </div>,
      );
  });

  return (
    // Wider than the panel: the table scrolls sideways (header and rows together) rather than cutting texts.
    <div className="cmp-scroll">
      <div
        className="cmp-table"
        role="table"
        aria-label={`comparison in ${table.unit}`}
        aria-rowcount={count}
        style={{ minWidth: mins.total }}
      >
        <div className="cmp-row cmp-head" role="row" style={{ gridTemplateColumns: template }}>
          {header}
        </div>
        <div
          className="cmp-body"
          ref={box}
          style={{ height }}
          tabIndex={0}
          onScroll={(e) => {
            const t = e.currentTarget.scrollTop;
            scrollStart.current = performance.now();
            flushSync(() => setScroll({ table, top: t }));
          }}
        >
          {/* Each row sits at its own offset, so a scroll step paints only the rows that came into view. */}
          <div style={{ height: win.totalHeight, position: 'relative' }}>
            {Array.from({ length: win.end - win.start }, (_, k) => shown(win.start + k)).map((r, k) => (
              <Row
                key={r.key}
                r={r}
                top={(win.start + k) * ROW_HEIGHT}
                table={table}
                template={template}
                selected={r.key === selected}
                onSelect={onSelect}
              />
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}

function Row({
  r,
  top,
  table,
  template,
  selected,
  onSelect,
}: {
  r: ShownRow;
  top: number;
  table: CompareViewTable;
  template: string;
  selected: boolean;
  onSelect: (k: string) => void;
}) {
  const style = { gridTemplateColumns: template, top };
  const cells: React.ReactNode[] = [];
  if (r.kind === 'geomean') {
    const g = r.geomean;
    cells.push(
      <div key="name" className="td name">
        geomean
      </div>,
    );
    table.columns.forEach((_, i) => {
      cells.push(
        <div key={`c${i}`} className="td num" title={footnoteText(table, g.footnotes[i] ?? [])}>
          {g.texts[i] ?? ''}
        </div>,
      );
      if (i > 0)
        cells.push(
          <div key={`d${i}`} className="td num delta">
            {g.deltaTexts[i] ?? ''}
          </div>,
          <div key={`ci${i}`} className="td" />,
          <div key={`p${i}`} className="td" />,
          <div key={`v${i}`} className="td" />,
        );
    });
    return (
      <div className="cmp-row geomean" role="row" style={style} data-row="geomean">
        {cells}
      </div>
    );
  }
  const row = r.row;
  if (!row) {
    // Asked for; its name now, its numbers when they arrive.
    return (
      <div
        className={`cmp-row loading ${selected ? 'selected' : ''}`}
        role="row"
        aria-busy="true"
        aria-selected={selected}
        style={style}
        data-row={r.key}
        onClick={() => onSelect(r.key)}
      >
        <div className="td name" title={r.key} role="cell">
          {r.key}
        </div>
        <div className="td muted small" role="cell" style={{ gridColumn: '2 / -1' }}>
          loading…
        </div>
      </div>
    );
  }
  cells.push(
    <div key="name" className="td name" title={row.name} role="cell">
      {row.name}
    </div>,
  );
  row.cells.forEach((c, i) => {
    const notes = c ? [footnoteText(table, c.footnotes), ...c.notes].filter(Boolean).join('\n') : '';
    cells.push(
      <div key={`c${i}`} role="cell" className={`td num cell ${c?.noisy ? 'noisy' : ''}`} data-col={i} title={notes || undefined}>
        <span className="v">{c ? c.text : ''}</span>
        {c && c.footnotes.length > 0 ? <sup>{c.footnotes.join(',')}</sup> : null}
      </div>,
    );
    if (i > 0) {
      const d = row.deltas[i] ?? null;
      const cls = deltaClass(d);
      const badge = verdictBadge(d);
      const tip = d
        ? [d.hint?.text, footnoteText(table, d.footnotes), d.holmP !== null ? `Holm-adjusted p=${d.holmP.toPrecision(3)}` : '']
            .filter(Boolean)
            .join('\n')
        : '';
      cells.push(
        <div
          key={`d${i}`}
          role="cell"
          className={`td num delta ${cls}`}
          data-col={i}
          style={{ '--strength': deltaStrength(d) } as React.CSSProperties}
          title={tip || undefined}
        >
          <span className="v">{d?.text ?? ''}</span>
          {d && d.footnotes.length > 0 ? <sup>{d.footnotes.join(',')}</sup> : null}
        </div>,
        <div key={`ci${i}`} role="cell" className="td num ci">
          {deltaCiText(d)}
        </div>,
        <div key={`p${i}`} role="cell" className="td num pn">
          {pnText(d)}
        </div>,
        <div key={`v${i}`} role="cell" className="td verdict-cell" data-verdict={d?.verdict.state ?? ''}>
          {badge && (
            <span className={`verdict ${badge.cls}`} title={badge.title}>
              {badge.label}
            </span>
          )}
        </div>,
      );
    }
  });
  return (
    <div
      className={`cmp-row ${selected ? 'selected' : ''}`}
      role="row"
      aria-selected={selected}
      style={style}
      data-row={row.name}
      onClick={() => onSelect(r.key)}
    >
      {cells}
    </div>
  );
}
