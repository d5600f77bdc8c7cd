// Builds src/main.js (and Chart.js) into one module, app.js, with stable
// names: `manrs serve` serves it from /assets/ (no CDN, no index.html; the
// pages are rendered by the server). MANRS_WEB_OUT picks the output folder.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/assets/',
  publicDir: false,
  build: {
    outDir: process.env.MANRS_WEB_OUT || 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2020',
    rollupOptions: {
      input: 'src/main.js',
      output: {
        entryFileNames: 'app.js',
        chunkFileNames: '[name].js',
        assetFileNames: '[name][extname]',
      },
    },
  },
});
