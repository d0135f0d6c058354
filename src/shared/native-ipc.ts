// The desktop shell's native extras as one typed map: the IPC channel of each method, its
// arguments and its result. The preload exposes exactly these as window.native, the main process
// registers a handler per channel (checking the sender and validating the arguments), and the
// renderer types window.native with NativeBridge. Nothing else crosses IPC: the lab itself is
// reached over the lab server, as in the browser.

export interface NativeBridge {
  pickFolder(): Promise<string | null>;
  reveal(path: string): Promise<void>;
  copy(text: string): Promise<void>;
  openExternal(url: string): Promise<void>;
}

export type NativeMethod = keyof NativeBridge;

/** The IPC channel of each native method. */
export const NATIVE_CHANNELS: { readonly [K in NativeMethod]: `native:${K}` } = {
  pickFolder: 'native:pickFolder',
  reveal: 'native:reveal',
  copy: 'native:copy',
  openExternal: 'native:openExternal',
};

export type NativeArgs<K extends NativeMethod> = Parameters<NativeBridge[K]>;
export type NativeResult<K extends NativeMethod> = Awaited<ReturnType<NativeBridge[K]>>;
