import { defineConfig } from 'vite';

// The renderer: React with esbuild's automatic JSX runtime, built to dist/renderer, which `assay serve` serves.
// The output must pass the host's CSP (script-src 'self'; style-src 'self'): no inline script or style in index.html.
export default defineConfig({
  root: 'renderer',
  base: './',
  publicDir: false,
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 6000,
    // no inline <script>: the preload polyfill would be fine in the entry chunk, but modern Chromium needs none
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
