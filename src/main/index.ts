// The Electron main process, kept thin: start the lab server in a utility process, open a
// hardened window on its URL, the menu, window state, and the few native extras the preload
// offers (folder picker, reveal, clipboard, allowlisted links), each IPC handler checking
// its sender and validating input. No lab logic lives here (policy is in policy.ts).
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, shell, utilityProcess, type IpcMainInvokeEvent } from 'electron';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  isAllowedExternal,
  isToolProxyUrl,
  isLabOrigin,
  isTrustedSender,
  isValidClipboardText,
  isValidPathArg,
  menuTemplate,
  parseServerReady,
  parseWindowState,
  windowOptions,
} from './policy.js';
import { dataDirFor, electronNativeBinding } from './paths.js';
import { NATIVE_CHANNELS } from '../shared/native-ipc.js';

const here = dirname(fileURLToPath(import.meta.url));
let win: BrowserWindow | null = null;
let labOrigin = '';

function startLabServer(): Promise<{ url: string; origin: string; stop: () => void }> {
  const child = utilityProcess.fork(
    join(here, 'lab-server.js'),
    [
      '--data-dir',
      dataDirFor(process.env, app.getPath('appData')),
      '--static-dir',
      join(here, '..', 'renderer'),
      ...(electronNativeBinding(app.getAppPath()) ? ['--native-binding', electronNativeBinding(app.getAppPath())!] : []),
    ],
    { serviceName: 'Perflab lab server', stdio: 'inherit' },
  );
  return new Promise((resolve, reject) => {
    child.on('message', (m) => {
      const ready = parseServerReady(m);
      if (ready) resolve({ ...ready, stop: () => child.postMessage({ type: 'stop' }) });
    });
    child.on('exit', (code) => reject(new Error(`lab server exited with code ${code}`)));
  });
}

function sender(e: IpcMainInvokeEvent) {
  return {
    webContentsId: e.sender.id,
    frame: e.senderFrame ? { url: e.senderFrame.url, isMainFrame: e.senderFrame === e.sender.mainFrame } : null,
  };
}

function guard<T>(f: (e: IpcMainInvokeEvent, ...a: unknown[]) => T) {
  return (e: IpcMainInvokeEvent, ...a: unknown[]) => {
    if (!isTrustedSender(sender(e), win?.webContents.id ?? null, labOrigin)) throw new Error('refused: untrusted sender');
    return f(e, ...a);
  };
}

async function main(): Promise<void> {
  await app.whenReady();
  const server = await startLabServer();
  labOrigin = server.origin;
  const statePath = join(app.getPath('userData'), 'window-state.json');
  const state = parseWindowState(existsSync(statePath) ? readFileSync(statePath, 'utf8') : null);
  const options = windowOptions(join(here, '..', 'preload', 'index.cjs'), state);
  // The hardening spelled out where the window is made, so static checkers (Electronegativity) see it too.
  win = new BrowserWindow({
    ...options,
    webPreferences: { ...options.webPreferences, contextIsolation: true, sandbox: true, nodeIntegration: false },
  });
  if (state?.maximized) win.maximize();
  win.webContents.on('will-navigate', (e, url) => {
    if (!isLabOrigin(url, labOrigin)) e.preventDefault();
  });
  win.webContents.on('will-redirect', (e, url) => {
    if (!isLabOrigin(url, labOrigin)) e.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url) || isToolProxyUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.session.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  win.on('close', () => {
    if (!win) return;
    mkdirSync(dirname(statePath), { recursive: true });
    writeFileSync(statePath, JSON.stringify({ ...win.getNormalBounds(), maximized: win.isMaximized() }));
  });
  win.once('ready-to-show', () => win?.show());
  const go = (hash: string) => win?.webContents.executeJavaScript(`location.hash = ${JSON.stringify(hash)}`);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate().map((m) => ({
        label: m.label,
        submenu: m.items.map((i) =>
          i.role
            ? { label: i.label, role: i.role as 'quit' }
            : { label: i.label, accelerator: i.accelerator, click: () => void go(i.hash ?? '#/') },
        ),
      })),
    ),
  );
  ipcMain.handle(
    NATIVE_CHANNELS.pickFolder,
    guard(async () => {
      const r = await dialog.showOpenDialog(win!, { properties: ['openDirectory'] });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    }),
  );
  ipcMain.handle(
    NATIVE_CHANNELS.reveal,
    guard((_e, p) => {
      if (isValidPathArg(p)) shell.showItemInFolder(p);
    }),
  );
  ipcMain.handle(
    NATIVE_CHANNELS.copy,
    guard((_e, t) => {
      if (isValidClipboardText(t)) clipboard.writeText(t);
    }),
  );
  ipcMain.handle(
    NATIVE_CHANNELS.openExternal,
    guard((_e, u) => {
      if (typeof u === 'string' && (isAllowedExternal(u) || isToolProxyUrl(u))) void shell.openExternal(u);
    }),
  );
  await win.loadURL(server.url);
  app.on('window-all-closed', () => {
    server.stop();
    app.quit();
  });
}

void main();
