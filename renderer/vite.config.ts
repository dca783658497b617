// Build of the React UI: `vite build --config renderer/vite.config.ts` writes dist/renderer.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Inline nothing: the Content-Security-Policy allows scripts and workers from 'self' only.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
  },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
});
