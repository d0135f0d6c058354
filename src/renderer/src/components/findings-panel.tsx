// The findings of a run as a panel: the sorted list (impact, complexity, category, function,
// share, module-relative location), each row opening its issue body (the evidence and the
// proposed change), with "Copy as issue" per finding. The same report `perflab findings` prints.
import { useState } from 'react';
import type { FindingsReport } from '../../../shared/profile-types.js';
import { CopyButton } from './copy-button.js';
import { EmptyState } from './error-box.js';
import { formatPct } from '../model/format.js';

export function FindingsPanel({ report }: { report: FindingsReport }) {
  const [open, setOpen] = useState<number | null>(null);
  if (report.findings.length === 0) {
    return <EmptyState title="No findings">No cost in the module's own code above the thresholds in this run's profiles (take cpu, mem, block or mutex profiles to get some).</EmptyState>;
  }
  return (
    <table className="findings" data-testid="findings">
      <thead><tr><th>Impact</th><th>Complexity</th><th>Category</th><th>Function</th><th className="num">share</th><th>Where</th><th /></tr></thead>
      <tbody>
        {report.findings.map((f, k) => [
          <tr key={k} title={f.title}>
            <td>{f.impact}</td><td>{f.complexity}</td><td>{f.category}</td><td className="mono">{f.function}</td>
            <td className="num">{formatPct(f.share, 1)}</td><td className="mono small">{f.location}</td>
            <td>
              <button type="button" aria-expanded={open === k} aria-label={`details of ${f.title}`} onClick={() => setOpen(open === k ? null : k)}>{open === k ? 'Hide' : 'Details'}</button>
              <CopyButton text={`# ${f.title}\n\n${f.body}`} label="Copy as issue" />
            </td>
          </tr>,
          open === k && <tr key={`${k}-body`}><td colSpan={7}><pre className="finding-body">{`# ${f.title}\n\n${f.body}`}</pre></td></tr>,
        ])}
      </tbody>
    </table>
  );
}
