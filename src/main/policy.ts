// The desktop shell's security policy as plain functions (tested under Node; the Electron
// binary is not needed): hardened window options, which navigations and new windows are
// allowed (only the lab server's own loopback origin), which external links may open (https
// on an allowlist), and whether an IPC message comes from our window's main frame.

export interface WebPreferencesPolicy {
  readonly contextIsolation: true;
  readonly sandbox: true;
  readonly nodeIntegration: false;
  readonly nodeIntegrationInWorker: false;
  readonly nodeIntegrationInSubFrames: false;
  readonly webSecurity: true;
  readonly allowRunningInsecureContent: false;
  readonly experimentalFeatures: false;
  readonly webviewTag: false;
  readonly navigateOnDragDrop: false;
  readonly spellcheck: false;
  readonly preload: string;
}

export function webPreferences(preload: string): WebPreferencesPolicy {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    preload,
  };
}

export interface WindowState {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
  readonly maximized?: boolean;
}

export function windowOptions(preload: string, state: WindowState | null) {
  return {
    width: state?.width ?? 1280,
    height: state?.height ?? 860,
    x: state?.x,
    y: state?.y,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Perflab',
    backgroundColor: '#0d1117',
    webPreferences: webPreferences(preload),
  };
}

/** Parses a window state file's content; anything odd gives null (defaults are used). */
export function parseWindowState(text: string | null): WindowState | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    const n = (k: string) => (typeof v[k] === 'number' && Number.isFinite(v[k]) ? (v[k] as number) : undefined);
    const width = n('width');
    const height = n('height');
    if (!width || !height || width < 400 || height < 300 || width > 20000 || height > 20000) return null;
    return { x: n('x'), y: n('y'), width, height, maximized: v.maximized === true };
  } catch {
    return null;
  }
}

/** Only the lab server's own origin (scheme, host and port exactly). */
export function isLabOrigin(url: string, labOrigin: string): boolean {
  try {
    const u = new URL(url);
    const l = new URL(labOrigin);
    return u.protocol === 'http:' && u.origin === l.origin && (u.hostname === '127.0.0.1' || u.hostname === 'localhost');
  } catch {
    return false;
  }
}

export const EXTERNAL_ALLOWLIST: readonly string[] = ['go.dev', 'pkg.go.dev', 'github.com', 'golang.org'];

/** shell.openExternal only for https URLs on the allowlist (no credentials, no odd ports). */
export function isAllowedExternal(url: string, allow: readonly string[] = EXTERNAL_ALLOWLIST): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && !u.username && !u.password && (u.port === '' || u.port === '443') && allow.includes(u.hostname);
  } catch {
    return false;
  }
}

/**
 * A go tool's guard proxy URL as the lab hands it out (core/go/tool-proxy.ts):
 * `http://127.0.0.1:PORT/__perflab/open?token=TOKEN` and nothing else (no credentials, no other
 * host, path or parameter). The desktop app opens it in the user's browser: pprof's and trace's
 * own UIs are not pages of the lab window.
 */
export function isToolProxyUrl(url: string): boolean {
  try {
    const u = new URL(url);
    const port = Number(u.port);
    return (
      u.protocol === 'http:' &&
      u.hostname === '127.0.0.1' &&
      !u.username &&
      !u.password &&
      Number.isInteger(port) &&
      port > 0 &&
      u.pathname === '/__perflab/open' &&
      [...u.searchParams.keys()].join(',') === 'token' &&
      /^[A-Za-z0-9_-]{43}$/.test(u.searchParams.get('token') ?? '') &&
      u.hash === ''
    );
  } catch {
    return false;
  }
}

export interface SenderInfo {
  /** webContents id of the sender. */
  readonly webContentsId: number;
  /** The sending frame: null when it is gone. */
  readonly frame: { readonly url: string; readonly isMainFrame: boolean } | null;
}

/** An IPC call is accepted only from our window's main frame on the lab server's origin. */
export function isTrustedSender(s: SenderInfo, ourWebContentsId: number | null, labOrigin: string): boolean {
  if (ourWebContentsId === null || s.webContentsId !== ourWebContentsId) return false;
  if (!s.frame || !s.frame.isMainFrame) return false;
  return isLabOrigin(s.frame.url, labOrigin);
}

/** Validates a path argument of a native call (reveal): absolute, no NUL, bounded. */
export function isValidPathArg(p: unknown): p is string {
  return typeof p === 'string' && p.length > 0 && p.length < 4096 && !p.includes('\0') && (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p));
}

/** Validates clipboard text. */
export function isValidClipboardText(t: unknown): t is string {
  return typeof t === 'string' && t.length <= 10 * 1024 * 1024;
}

/** The message the lab server's utility process sends once it listens. */
export function parseServerReady(msg: unknown): { url: string; origin: string } | null {
  if (!msg || typeof msg !== 'object') return null;
  const m = msg as Record<string, unknown>;
  if (m.type !== 'ready' || typeof m.url !== 'string' || typeof m.origin !== 'string') return null;
  if (!isLabOrigin(m.origin, m.origin) || !m.url.startsWith(`${m.origin}/`)) return null;
  return { url: m.url, origin: m.origin };
}

export interface MenuAction {
  readonly label: string;
  readonly accelerator?: string;
  readonly hash?: string;
  readonly role?: string;
}

/** The application menu as data: File (Add repository, New run), View, Help. */
export function menuTemplate(): { readonly label: string; readonly items: readonly MenuAction[] }[] {
  return [
    {
      label: 'File',
      items: [
        { label: 'Add Repository…', accelerator: 'CmdOrCtrl+O', hash: '#/repos?add=1' },
        { label: 'New Run…', accelerator: 'CmdOrCtrl+N', hash: '#/new' },
        { label: 'Quit', role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      items: [
        { label: 'Copy', role: 'copy' },
        { label: 'Paste', role: 'paste' },
        { label: 'Select All', role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      items: [
        { label: 'Runs', accelerator: 'CmdOrCtrl+1', hash: '#/runs' },
        { label: 'Compare', accelerator: 'CmdOrCtrl+2', hash: '#/compare' },
        { label: 'Reload', role: 'reload' },
        { label: 'Toggle Full Screen', role: 'togglefullscreen' },
      ],
    },
    { label: 'Help', items: [{ label: 'Perflab Documentation', hash: '#/help' }] },
  ];
}
