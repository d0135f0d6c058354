// The findings of a run as a panel: the sorted list (impact, complexity, category, function,
// share, module-relative location, the tracker issue it is filed under), each row opening its
// issue body (the evidence, the compiler's notes, the proposed change) with a link to the flame
// graph of the benchmark it weighs most in, "Copy as issue" per finding, and "Save issues": the
// report's tracker issues as one Markdown file (a download: nothing is written by the lab).
// The same report `perflab findings` prints.
import { useState } from 'react';
import type { CompilerNote, Finding, FindingsReport } from '../../../shared/profile-types.js';
import { CopyButton } from './copy-button.js';
import { EmptyState } from './error-box.js';
import { formatPct } from '../model/format.js';
import { issuesBundle } from '../model/findings-bundle.js';
import { formatRoute } from '../model/route.js';
import { downloadText } from '../native.js';

function CompilerNotes({ notes }: { notes: readonly CompilerNote[] }) {
  if (notes.length === 0) return null;
  return (
    <ul className="compiler-notes" aria-label="compiler notes">
      {notes.map((n, i) => (
        <li key={i}>
          <span className={`note-kind ${n.kind}`}>{n.kind}</span> <span className="mono small">{n.location}</span> {n.text}
        </li>
      ))}
    </ul>
  );
}

/** What "Copy as issue" copies: the tracker issue the finding is filed under, else the finding alone. */
function issueText(r: FindingsReport, f: Finding): string {
  const i = f.issue === null ? undefined : r.issues.find((x) => x.title === f.issue);
  return i ? `# ${i.title}\n\n${i.body}` : `# ${f.title}\n\n${f.body}`;
}

export function FindingsPanel({ report }: { report: FindingsReport }) {
  const [open, setOpen] = useState<number | null>(null);
  const c = report.compiler;
  const compilerLine = c && (
    <p className="muted small" data-testid="compiler-evidence">
      {c.unavailable === null ? (
        <>
          Compiler notes from <span className="mono">{c.command}</span> at {c.ref} ({c.commit.slice(0, 12)}).
        </>
      ) : (
        <>No compiler notes: {c.unavailable}.</>
      )}
    </p>
  );
  if (report.findings.length === 0) {
    return (
      <EmptyState title="No findings">
        No cost in the module's own code above the thresholds in this run's profiles (take cpu, mem, block or mutex profiles to get some).
      </EmptyState>
    );
  }
  return (
    <div className="findings-panel">
      <div className="toolbar">
        <button
          type="button"
          disabled={report.issues.length === 0}
          onClick={() => {
            const b = issuesBundle(report);
            downloadText(b.filename, 'text/markdown', b.text);
          }}
          title="The Medium and High findings as tracker issues (related allocation findings grouped), in one Markdown file"
        >
          Save issues ({report.issues.length})
        </button>
        {report.skipped.length > 0 && (
          <span className="muted small">
            {' '}
            {report.skipped.length} left out: {report.skipped.map((s) => `${s.location} (${s.reason})`).join('; ')}
          </span>
        )}
      </div>
      {compilerLine}
      <table className="findings" data-testid="findings">
        <thead>
          <tr>
            <th>Impact</th>
            <th>Complexity</th>
            <th>Category</th>
            <th>Function</th>
            <th className="num">share</th>
            <th>Where</th>
            <th>Issue</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {report.findings.map((f, k) => {
            const lead = f.benchmarks[0];
            return [
              <tr key={k} title={f.title} data-location={f.location}>
                <td>{f.impact}</td>
                <td>{f.complexity}</td>
                <td>{f.category}</td>
                <td className="mono func">{f.function}</td>
                <td className="num">{formatPct(f.share, 1)}</td>
                <td className="mono small">{f.location}</td>
                <td className="small">
                  {f.issue === null ? (
                    <span className="muted">summary only</span>
                  ) : f.issue === f.title ? (
                    'own'
                  ) : (
                    <span title={f.issue}>grouped</span>
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    aria-expanded={open === k}
                    aria-label={`details of ${f.title}`}
                    onClick={() => setOpen(open === k ? null : k)}
                  >
                    {open === k ? 'Hide' : 'Details'}
                  </button>
                  <CopyButton text={issueText(report, f)} label="Copy as issue" />
                  <a
                    className="small"
                    href={formatRoute({ view: 'profile', run: report.runId, bench: lead.name, ref: lead.ref, kind: lead.kind })}
                  >
                    flame graph
                  </a>
                </td>
              </tr>,
              open === k && (
                <tr key={`${k}-body`}>
                  <td colSpan={8}>
                    <CompilerNotes notes={f.compiler} />
                    <pre className="finding-body">{`# ${f.title}\n\n${f.body}`}</pre>
                  </td>
                </tr>
              ),
            ];
          })}
        </tbody>
      </table>
    </div>
  );
}
