// The preload (sandboxed, bundled as one CommonJS file): only native extras a browser lacks,
// each a thin invoke over the typed channel map in src/shared/native-ipc.ts; the main process
// checks the sender and validates arguments.
import { contextBridge, ipcRenderer } from 'electron';
import { NATIVE_CHANNELS, type NativeBridge } from '../shared/native-ipc.js';

const bridge: NativeBridge = {
  pickFolder: () => ipcRenderer.invoke(NATIVE_CHANNELS.pickFolder),
  reveal: (path) => ipcRenderer.invoke(NATIVE_CHANNELS.reveal, String(path)),
  copy: (text) => ipcRenderer.invoke(NATIVE_CHANNELS.copy, String(text)),
  openExternal: (url) => ipcRenderer.invoke(NATIVE_CHANNELS.openExternal, String(url)),
};

contextBridge.exposeInMainWorld('native', bridge);
