// The panels under the flame graph: the top table (sortable, filtered by the graph's search,
// synced with the graph: a row selects its function, a clicked frame selects its row; rows are
// in the Tab order, Enter opens Source, c Callers/callees, arrows or j/k move between rows), callers and callees of the selected
// function (the sandwich, as two small flame graphs), and its source lines with flat/cum.
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { SandwichData, SourceView, TopTable } from '../../../shared/profile-types.js';
import type { Theme } from '../model/flame-color.js';
import { formatProfileValue } from '../model/format.js';
import { FlameGraph } from './flame-graph.js';

type TopSort = 'flat' | 'cum' | 'name';

export type DetailTab = 'top' | 'sandwich' | 'source';

export interface TopTableProps {
  readonly top: TopTable;
  readonly selected: string | null;
  readonly onSelect: (f: string) => void;
  /** Enter on a row opens its Source, c its callers and callees. */
  readonly onOpen?: (f: string, tab: DetailTab) => void;
  /** Only the rows whose function passes (the flame graph's search). */
  readonly filter?: ((name: string) => boolean) | null;
}

export const TopTableView = memo(function TopTableView({ top, selected, onSelect, onOpen, filter }: TopTableProps) {
  const [sort, setSort] = useState<TopSort>('flat');
  const [desc, setDesc] = useState(true);
  const unit = top.sampleType.unit;
  const rows = useMemo(() => {
    const r = filter ? top.rows.filter((x) => filter(x.name)) : [...top.rows];
    const k = sort;
    r.sort((a, b) => (k === 'name' ? a.name.localeCompare(b.name) : Math.abs(b[k]) - Math.abs(a[k])) * (desc === (k !== 'name') ? 1 : -1));
    return r;
  }, [top, sort, desc, filter]);
  const body = useRef<HTMLTableSectionElement>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Scroll the table's own box to the selected row, never the page (scrollIntoView would
    // move the page too, and the flame graph the user clicked would slide away).
    const b = box.current;
    if (!selected || !b) return;
    const el = body.current?.querySelector<HTMLElement>(`tr[data-func="${CSS.escape(selected)}"]`);
    if (!el) return;
    const head = b.querySelector('thead')?.getBoundingClientRect().height ?? 0;
    const top = el.offsetTop - head;
    if (top < b.scrollTop) b.scrollTop = top;
    else if (el.offsetTop + el.offsetHeight > b.scrollTop + b.clientHeight) b.scrollTop = el.offsetTop + el.offsetHeight - b.clientHeight;
  }, [selected]);
  // One row in the Tab order (the selected one, else the first); arrows move between rows.
  const tabRow = rows.some((r) => r.name === selected) ? selected : rows[0]?.name;
  const onRowKey = (e: React.KeyboardEvent<HTMLTableRowElement>, name: string) => {
    let handled = true;
    if (e.key === 'Enter') onOpen?.(name, 'source');
    else if (e.key === 'c') onOpen?.(name, 'sandwich');
    else if (e.key === ' ') onSelect(name);
    else if (e.key === 'ArrowDown' || e.key === 'j') (e.currentTarget.nextElementSibling as HTMLElement | null)?.focus();
    else if (e.key === 'ArrowUp' || e.key === 'k') (e.currentTarget.previousElementSibling as HTMLElement | null)?.focus();
    else handled = false;
    if (handled && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      e.stopPropagation();
    }
  };
  const th = (k: TopSort, label: string) => (
    <th className={k === 'name' ? '' : 'num'} aria-sort={sort === k ? (desc ? 'descending' : 'ascending') : 'none'}>
      <button
        type="button"
        className="link"
        onClick={() => {
          if (sort === k) setDesc(!desc);
          else {
            setSort(k);
            setDesc(k !== 'name');
          }
        }}
      >
        {label}
        {sort === k ? (desc ? ' ▾' : ' ▴') : ''}
      </button>
    </th>
  );
  return (
    <div className="top-wrap" ref={box}>
      {filter && (
        <div className="muted small top-filter" data-testid="top-filter">
          {rows.length} of {top.rows.length} functions match the search
        </div>
      )}
      <table className="top-table" aria-label="top functions">
        <thead>
          <tr>
            {th('flat', top.diff ? 'flat Δ' : 'flat')}
            <th className="num">flat%</th>
            <th className="num">sum%</th>
            {th('cum', top.diff ? 'cum Δ' : 'cum')}
            <th className="num">cum%</th>
            {th('name', 'function')}
          </tr>
        </thead>
        <tbody ref={body}>
          {rows.map((r) => (
            <tr
              key={r.name}
              data-func={r.name}
              className={r.name === selected ? 'selected' : ''}
              onClick={() => onSelect(r.name)}
              title={r.file}
              tabIndex={r.name === tabRow ? 0 : -1}
              onKeyDown={(e) => onRowKey(e, r.name)}
            >
              <td className="num">{formatProfileValue(r.flat, unit)}</td>
              <td className="num">{r.flatPct.toFixed(2)}%</td>
              <td className="num">{r.sumPct.toFixed(2)}%</td>
              <td className="num">{formatProfileValue(r.cum, unit)}</td>
              <td className="num">{r.cumPct.toFixed(2)}%</td>
              <td className="mono fn">{r.name}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});

export function SandwichView({ s, theme, onSelect }: { s: SandwichData; theme: Theme; onSelect: (f: string) => void }) {
  const [zc, setZc] = useState(-1);
  const [ze, setZe] = useState(-1);
  const unit = s.callees.sampleType.unit;
  return (
    <div className="sandwich">
      <div className="muted small">
        {s.func}: flat {formatProfileValue(s.self, unit)}, cum {formatProfileValue(s.cum, unit)}
      </div>
      <h4>
        Callers <span className="muted small">who calls it (the function at the bottom)</span>
      </h4>
      <FlameGraph
        data={s.callers}
        inverted
        diff={null}
        highlight={null}
        zoom={zc}
        onZoom={setZc}
        onSelect={onSelect}
        theme={theme}
        label={`callers of ${s.func}`}
        className="small-flame"
      />
      <h4>
        Callees <span className="muted small">what it calls (the function at the top)</span>
      </h4>
      <FlameGraph
        data={s.callees}
        inverted={false}
        diff={null}
        highlight={null}
        zoom={ze}
        onZoom={setZe}
        onSelect={onSelect}
        theme={theme}
        label={`callees of ${s.func}`}
        className="small-flame"
      />
    </div>
  );
}

export function SourceLinesView({ src }: { src: SourceView }) {
  const unit = src.sampleType.unit;
  const max = Math.max(1, ...src.lines.map((l) => l.cum));
  return (
    <div className="source">
      <div className="muted small">
        {src.file}
        {src.found ? '' : ' (the file is not readable here: numbers only)'}
      </div>
      <table className="source-table">
        <thead>
          <tr>
            <th className="num">flat</th>
            <th className="num">cum</th>
            <th className="num">line</th>
            <th>source</th>
          </tr>
        </thead>
        <tbody>
          {src.lines.map((l) => (
            <tr key={l.line} className={l.cum > 0 ? 'hot' : ''} style={{ '--heat': (l.cum / max).toFixed(3) } as React.CSSProperties}>
              <td className="num">{l.flat ? formatProfileValue(l.flat, unit) : '.'}</td>
              <td className="num">{l.cum ? formatProfileValue(l.cum, unit) : '.'}</td>
              <td className="num muted">{l.line}</td>
              <td className="mono code">{l.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
