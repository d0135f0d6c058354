// The preload (sandboxed, bundled as one CommonJS file): only native extras a browser lacks,
// each a thin invoke; the main process checks the sender and validates arguments.
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('native', {
  pickFolder: (): Promise<string | null> => ipcRenderer.invoke('native:pickFolder'),
  reveal: (path: string): Promise<void> => ipcRenderer.invoke('native:reveal', String(path)),
  copy: (text: string): Promise<void> => ipcRenderer.invoke('native:copy', String(text)),
  openExternal: (url: string): Promise<void> => ipcRenderer.invoke('native:openExternal', String(url)),
});
