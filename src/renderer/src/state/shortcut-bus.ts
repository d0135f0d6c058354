// View-level shortcuts: the shell turns keys into actions (model/shortcuts.ts) and dispatches
// them; the view that is showing handles the ones it knows (toggle significant, zoom out...).
import { useEffect, useRef } from 'react';
import type { ShortcutAction } from '../model/shortcuts.js';

const EVENT = 'perflab:shortcut';

export function dispatchShortcut(a: ShortcutAction): boolean {
  const ev = new CustomEvent<ShortcutAction>(EVENT, { detail: a, cancelable: true });
  return !window.dispatchEvent(ev);
}

/** Handles shortcut actions while mounted; return true from the handler to mark one handled. */
export function useShortcuts(handler: (a: ShortcutAction) => boolean | void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const l = (e: Event) => {
      if (ref.current((e as CustomEvent<ShortcutAction>).detail) === true) e.preventDefault();
    };
    window.addEventListener(EVENT, l);
    return () => window.removeEventListener(EVENT, l);
  }, []);
}
