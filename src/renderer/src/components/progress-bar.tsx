// The overall progress of a run: a bar, the phase with done/total, and the ETA.
import { formatDuration } from '../model/format.js';
import { overall, type LiveRun } from '../model/run-state.js';

export function RunProgressBar({ live, compact = false }: { live: LiveRun; compact?: boolean }) {
  const o = overall(live);
  const eta = live.progress?.etaMs ?? null;
  const active = live.status === 'running' || live.status === 'queued';
  return (
    <div className={`run-progress ${compact ? 'compact' : ''} ${live.status}`} data-run={live.runId} data-fraction={o.fraction.toFixed(3)}>
      <div
        className="bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(o.fraction * 100)}
        aria-label={`run ${live.runId} progress`}
      >
        <div className="fill" style={{ width: `${(o.fraction * 100).toFixed(1)}%` }} />
      </div>
      <span className="label">{o.label}</span>
      {active && eta !== null && eta > 0 && <span className="eta">ETA {formatDuration(eta)}</span>}
      {!compact && <span className="pct">{Math.floor(o.fraction * 100)}%</span>}
    </div>
  );
}
