// The desktop shell's native extras (window.native, from the preload) and the browser
// fallbacks: copy to the clipboard (native, else navigator.clipboard, else the caller shows a
// select-all textarea), download a text as a file (a Blob link), pick a folder.

export interface NativeBridge {
  pickFolder(): Promise<string | null>;
  reveal(path: string): Promise<void>;
  copy(text: string): Promise<void>;
  openExternal(url: string): Promise<void>;
}

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
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
