// The desktop shell's native extras (window.native, from the preload) and the browser
// fallbacks: copy to the clipboard (native, else navigator.clipboard, else the caller shows a
// select-all textarea), download a text as a file (a Blob link), pick a folder.

import type { NativeBridge } from '../../shared/native-ipc.js';

export type { NativeBridge };

declare global {
  interface Window {
    native?: NativeBridge;
  }
}

export function native(): NativeBridge | null {
  return typeof window !== 'undefined' && window.native ? window.native : null;
}

/** Copies text; false when no clipboard is available (show a textarea to copy by hand). */
export async function copyText(text: string): Promise<boolean> {
  const n = native();
  try {
    if (n) {
      await n.copy(text);
      return true;
    }
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    return false;
  }
  return false;
}

/** Saves text as a file through a temporary Blob URL. */
export function downloadText(filename: string, mime: string, text: string): void {
  saveBlob(filename, new Blob([text], { type: mime }));
}

/** Saves base64-encoded bytes (a profile) as a file. */
export function downloadBase64(filename: string, mime: string, base64: string): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  saveBlob(filename, new Blob([bytes], { type: mime }));
}

function saveBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
