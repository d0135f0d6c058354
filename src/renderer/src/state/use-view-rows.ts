// The rows of a Compare view as the tables scroll: the view answer carries each table's row
// names (in the order shown) and its first rows; `need(table, start, end)` asks the lab for the
// blocks of rows a table is about to draw (compareViewRows, BLOCK rows at a time, each block
// asked once). A block whose names are not the view's (the runs changed under it) reloads the
// view instead of drawing rows under the wrong names.
import { useCallback, useMemo, useRef, useState } from 'react';
import type { Input } from '../../../shared/api.js';
import type { CompareRow, CompareView } from '../../../shared/compare-types.js';
import type { LabError } from '../../../shared/errors.js';
import { call } from '../api-client.js';
import { toError } from './use-api.js';

export const BLOCK = 200;

type ViewRequest = Omit<Input<'compareView'>, 'limit'>;

export interface ViewRows {
  /** The row shown at `i` in a table, or undefined while it loads. */
  rowAt(tableIndex: number, i: number): CompareRow | undefined;
  /** Asks for the rows [start, end) of a table (no-op for those loaded or on their way). */
  need(tableIndex: number, start: number, end: number): void;
  /** Bumped when rows arrive (a dependency for memoized rendering). */
  readonly version: number;
  readonly error: LabError | null;
}

interface Store {
  readonly view: CompareView | undefined;
  /** What the view was asked with (its rows are asked with the same). */
  readonly request: ViewRequest | undefined;
  readonly rows: Map<number, (CompareRow | undefined)[]>;
  readonly asked: Set<string>;
}

function storeOf(view: CompareView | undefined, request: ViewRequest | undefined): Store {
  const rows = new Map<number, (CompareRow | undefined)[]>();
  for (const t of view?.tables ?? []) {
    const list = new Array<CompareRow | undefined>(t.names.length);
    t.rows.forEach((r, k) => (list[t.offset + k] = r));
    rows.set(t.index, list);
  }
  return { view, request, rows, asked: new Set() };
}

/** `loaded`: the view and the request it answered (undefined while none has arrived). */
export function useViewRows(
  loaded: { readonly view: CompareView; readonly request: ViewRequest } | undefined,
  onStale: () => void,
): ViewRows {
  // Rows live with their view: a new view starts from its own first rows, in the same render.
  const store = useMemo(() => storeOf(loaded?.view, loaded?.request), [loaded]);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<{ store: Store; error: LabError } | null>(null);
  const latest = useRef({ store, onStale });
  latest.current = { store, onStale };

  const need = useCallback((tableIndex: number, start: number, end: number) => {
    const s = latest.current.store;
    const t = s.view?.tables.find((x) => x.index === tableIndex);
    const list = s.rows.get(tableIndex);
    if (!t || !list || !s.request) return;
    for (let b = Math.floor(Math.max(0, start) / BLOCK) * BLOCK; b < Math.min(end, t.names.length); b += BLOCK) {
      let missing = false;
      for (let i = b; i < Math.min(b + BLOCK, t.names.length) && !missing; i++) missing = list[i] === undefined;
      const key = `${tableIndex}:${b}`;
      if (!missing || s.asked.has(key)) continue;
      s.asked.add(key);
      call('compareViewRows', { ...s.request, tableIndex, offset: b, limit: BLOCK }).then(
        (a) => {
          if (latest.current.store !== s) return; // a newer view replaced it
          if (a.total !== t.names.length || a.rows.some((r, k) => t.names[a.offset + k] !== r.name)) {
            latest.current.onStale();
            return;
          }
          a.rows.forEach((r, k) => (list[a.offset + k] = r));
          setVersion((x) => x + 1);
        },
        (e) => {
          if (latest.current.store !== s) return;
          s.asked.delete(key);
          setError({ store: s, error: toError(e) });
        },
      );
    }
  }, []);

  const rowAt = useCallback((tableIndex: number, i: number) => store.rows.get(tableIndex)?.[i], [store]);
  return { rowAt, need, version, error: error?.store === store ? error.error : null };
}
