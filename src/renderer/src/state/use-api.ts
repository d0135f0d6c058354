// Data loading for views: call the lab, keep the latest answer (stale answers of earlier
// arguments are dropped), the typed error, and a reload. Errors are LabErrors, as they came
// over the wire, so views can show the message and what to try.
import { useCallback, useEffect, useRef, useState } from 'react';
import { labError, type LabError } from '../../../shared/errors.js';
import { ApiError } from '../api-client.js';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: LabError | null;
  readonly loading: boolean;
  reload(): void;
}

export function toError(e: unknown): LabError {
  if (e instanceof ApiError) return e.error;
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof TypeError && /fetch|network/i.test(message)) return labError('LabUnreachable', { reason: message });
  return labError('Internal', undefined, `the lab did not answer: ${message}`);
}

/** Runs `fn` whenever `key` changes (and on reload); `fn` returning null means "nothing to load". */
export function useApi<T>(fn: () => Promise<T> | null, key: unknown): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<LabError | null>(null);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const k = JSON.stringify(key);
  useEffect(() => {
    const my = ++seq.current;
    const p = fnRef.current();
    if (!p) {
      setData(undefined);
      setError(null);
      setLoading(false);
      return;
    }
    setLoading(true);
    p.then(
      (v) => {
        if (my === seq.current) {
          setData(v);
          setError(null);
          setLoading(false);
        }
      },
      (e) => {
        if (my === seq.current) {
          setError(toError(e));
          setLoading(false);
        }
      },
    );
  }, [k, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

/** A sticky per-tab setting in localStorage (repository picked, sort order...). */
export function usePersistent<T>(key: string, initial: T): [T, (v: T) => void] {
  const [v, setV] = useState<T>(() => {
    try {
      const s = localStorage.getItem(`perflab:${key}`);
      return s === null ? initial : (JSON.parse(s) as T);
    } catch {
      return initial;
    }
  });
  const set = useCallback(
    (nv: T) => {
      setV(nv);
      try {
        localStorage.setItem(`perflab:${key}`, JSON.stringify(nv));
      } catch {
        /* storage full or disabled: keep it for this session */
      }
    },
    [key],
  );
  return [v, set];
}
