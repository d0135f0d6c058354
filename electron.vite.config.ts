// Build of the desktop app: the Electron main process (and the lab server entry it forks into
// a utility process), the sandboxed preload (one CommonJS bundle), and the React renderer that
// `perflab serve` serves too. Node-only code for the CLI is compiled by tsc into dist/.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          'lab-server': resolve('src/main/lab-server-entry.ts'),
          // The profile decoder's worker thread, next to the lab server bundle that starts it.
          'decode-worker': resolve('src/core/pprof/decode-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      emptyOutDir: true,
      // Minified: 1,067 KB + 1,373 KB (ECharts, lazy) unminified -> 486 KB + 561 KB.
      minify: true,
      chunkSizeWarningLimit: 1500,
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
