import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Resolved from this file so `npm run build` works from any working directory.
const dashboardRoot = decodeURIComponent(new URL('.', import.meta.url).pathname);
const devServerTarget = 'http://127.0.0.1:8080';

export default defineConfig({
  root: dashboardRoot,
  base: '/',
  // No svelte.config.js: the defaults (TypeScript in <script lang="ts">, runes) are all we use.
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Wall screens run a current Chromium; no legacy transpilation needed.
    target: 'es2023',
    // MapLibre alone is ~1 MB; the warning would only repeat that.
    chunkSizeWarningLimit: 1600,
    // Pages: the operations dashboard (console, and wall screen with `?kiosk=`), the same at /wall for
    // wall screens, and the contractor's small phone page for a dispatch link (its own entry, so a phone
    // on mobile data never downloads MapLibre). rolldownOptions is Vite 8's name for what was rollupOptions.
    rolldownOptions: {
      input: {
        main: `${dashboardRoot}index.html`,
        wall: `${dashboardRoot}wall/index.html`,
        contractor: `${dashboardRoot}contractor.html`,
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: devServerTarget, changeOrigin: true },
      '/health': { target: devServerTarget, changeOrigin: true },
      '/ws': { target: devServerTarget, ws: true, changeOrigin: true },
    },
  },
});
