// A list of notes or warnings that stays short: the first few shown, the rest behind a
// "N more" toggle (noisy runs can warn about every cell).
import { useState } from 'react';

export interface NoteItem {
  readonly key: string;
  readonly text: React.ReactNode;
  readonly severity?: 'info' | 'warning';
}

export function NotesList({ items, shown = 4 }: { items: readonly NoteItem[]; shown?: number }) {
  const [all, setAll] = useState(false);
  const visible = all ? items : items.slice(0, shown);
  return (
    <>
      <ul className="notes">
        {visible.map((n) => (
          <li key={n.key} className={n.severity ?? ''}>
            {n.text}
          </li>
        ))}
      </ul>
      {items.length > shown && (
        <button type="button" className="link small" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show ${items.length - shown} more`}
        </button>
      )}
    </>
  );
}
