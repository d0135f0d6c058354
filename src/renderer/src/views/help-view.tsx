// Help: what each view is for, in the order of a session, and the keyboard shortcuts.
import { SHORTCUTS } from '../model/shortcuts.js';

export function HelpView() {
  return (
    <div className="help-page">
      <section className="panel">
        <h2>Perflab in five steps</h2>
        <ol className="steps">
          <li>
            <strong>Repositories</strong>: add a Go module and trust it (running benchmarks runs its code). Check benchmarks and refs to
            start a matrix.
          </li>
          <li>
            <strong>New run</strong>: pick benchmarks (Go regexp, previewed live), refs (WORKTREE is your uncommitted work), -count, -cpu,
            -benchtime and profiles. The cell count and the estimate update as you type.
          </li>
          <li>
            <strong>Run</strong>: watch cells fill in, interleaved across refs round by round. You can leave and come back.
          </li>
          <li>
            <strong>Compare</strong>: benchstat's table with a confidence interval on each delta; select a row for every sample, then open
            its profiles.
          </li>
          <li>
            <strong>Profile</strong> and <strong>Export</strong>: find the hot function in the flame graph (diff mode shows what grew), then
            copy the perf commit message.
          </li>
        </ol>
      </section>
      <section className="panel">
        <h2>Keyboard shortcuts</h2>
        <table className="shortcuts">
          <thead>
            <tr>
              <th>Key</th>
              <th>Action</th>
              <th>Where</th>
            </tr>
          </thead>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{s.what}</td>
                <td className="muted">{s.where}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
