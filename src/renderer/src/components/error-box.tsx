// An error as the lab reported it: what went wrong (LabError.message), what to try next, and
// the tool or build output when there is one.
import type { LabError } from '../../../shared/errors.js';
import { adviceFor, errorDetailText } from '../model/error-advice.js';

export function ErrorBox({ error, onDismiss, onRetry }: { error: LabError; onDismiss?: () => void; onRetry?: () => void }) {
  const detail = errorDetailText(error);
  return (
    <div className="error-box" role="alert" data-code={error.code}>
      <div className="error-head">
        <strong>{error.message}</strong>
        <span className="error-actions">
          {onRetry && (
            <button type="button" onClick={onRetry}>
              Try again
            </button>
          )}
          {onDismiss && (
            <button type="button" className="ghost" onClick={onDismiss} aria-label="Dismiss">
              ✕
            </button>
          )}
        </span>
      </div>
      <div className="error-advice">{adviceFor(error)}</div>
      {detail && <pre className="error-detail">{detail}</pre>}
    </div>
  );
}

/** What a view shows when there is nothing yet, and the next step. */
export function EmptyState({ title, children, action }: { title: string; children?: React.ReactNode; action?: React.ReactNode }) {
  return (
    <div className="empty-state">
      <h3>{title}</h3>
      {children && <div className="muted">{children}</div>}
      {action && <div className="empty-action">{action}</div>}
    </div>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <div className="spinner" role="status">
      <span className="spin" aria-hidden="true" />
      {label}
    </div>
  );
}
