// The renderer's only way to the lab: LabApi over HTTP to the lab server (the same in the
// browser and in the Electron window), with the per-start token from the URL fragment kept
// in sessionStorage, and the event stream as a streaming fetch (EventSource cannot send the
// token header).
import type { Input, LabEvent, MethodName, Outputs } from '../../shared/api.js';
import { labError, type LabError } from '../../shared/errors.js';

const TOKEN_KEY = 'perflab-token';

export class ApiError extends Error {
  readonly error: LabError;
  constructor(error: LabError) {
    super(error.message);
    this.error = error;
  }
}

/** Reads the token from `#token=...` once, then removes it from the address bar. */
export function takeToken(): string {
  const m = /(?:^#|&)token=([0-9a-f]+)/.exec(window.location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, m[1]);
    const rest = window.location.hash.replace(/(^#|&)token=[0-9a-f]+/, '$1').replace(/^#&/, '#');
    history.replaceState(null, '', window.location.pathname + window.location.search + (rest === '#' ? '' : rest));
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

let token = '';
export function setToken(t: string): void {
  token = t;
}

export async function call<M extends MethodName>(method: M, input: Input<M>): Promise<Outputs[M]> {
  let res: Response;
  try {
    res = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-perflab-token': token },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    // fetch rejects only when no HTTP answer came: the server is stopped or the network to it is down.
    throw new ApiError(unreachable('no answer from the server'));
  }
  let body: { ok: true; value: Outputs[M] } | { ok: false; error: LabError };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new ApiError(
      res.ok
        ? labError('Internal', undefined, `the lab answered ${method} with something that is not JSON`)
        : unreachable(`HTTP ${res.status} from something that is not the lab`),
    );
  }
  if (!body.ok) throw new ApiError(body.error);
  return body.value;
}

function unreachable(reason: string): LabError {
  return labError('LabUnreachable', { reason });
}

/** Follows the lab's event stream, reconnecting after a drop; returns a stop function. */
export function subscribe(onEvent: (e: LabEvent) => void, onState?: (connected: boolean) => void): () => void {
  let stopped = false;
  let controller = new AbortController();
  const loop = async () => {
    while (!stopped) {
      try {
        controller = new AbortController();
        const res = await fetch('/api/events', { headers: { 'x-perflab-token': token }, signal: controller.signal });
        if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
        onState?.(true);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            if (!line) continue;
            const e = JSON.parse(line) as LabEvent | { type: 'hello' | 'ping' };
            if (e.type !== 'hello' && e.type !== 'ping') onEvent(e as LabEvent);
          }
        }
      } catch {
        /* dropped: retry below */
      }
      onState?.(false);
      if (!stopped) await new Promise((r) => setTimeout(r, 1000));
    }
  };
  void loop();
  return () => {
    stopped = true;
    controller.abort();
  };
}
