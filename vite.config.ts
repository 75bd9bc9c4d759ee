import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { tfjsForIn } from './build/tfjsForIn.ts';
import { tfjsWasmShapes } from './build/tfjsWasmShapes.ts';

/**
 * Vite config: React app, module worker, tests in Node (vitest), and a service worker (Workbox,
 * through vite-plugin-pwa) that precaches the built app, the wasm binaries, the MNIST asset, the
 * lesson's checkpoints and the fonts, so the app opens and trains with no network. A new build
 * waits until the user accepts the update prompt (registerType 'prompt').
 */
export default defineConfig({
  plugins: [
    tfjsForIn(),
    tfjsWasmShapes(),
    react(),
    VitePWA({
      registerType: 'prompt',
      // Registered from src/dom/serviceWorker.ts (a bundled module: no inline script, so the CSP stays as it is).
      injectRegister: false,
      includeAssets: ['icon.svg'],
      manifest: {
        name: 'Rate–distortion explorer',
        short_name: 'RD explorer',
        description: 'Interactive rate–distortion explorer for variational autoencoders, trained in the browser.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#fafafa',
        theme_color: '#1f6feb',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // Chromium loads KaTeX's woff2 fonts; the ttf/woff fallbacks and the README screenshots stay out of the cache.
        globPatterns: ['**/*.{js,css,html,wasm,woff2,json,bin,svg}', 'icon-*.png'],
        globIgnores: ['**/screenshot*'],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        // The first page, opened before the service worker existed, is taken over too, so an update's Reload reaches
        // it.
        clientsClaim: true,
      },
    }),
  ],
  base: './',
  // The dev server pre-bundles tfjs (rolldown): the same two patches apply there, so `npm run dev` trains as the build
  // does.
  optimizeDeps: { rolldownOptions: { plugins: [tfjsForIn(), tfjsWasmShapes()] } },
  worker: { format: 'es', plugins: () => [tfjsForIn(), tfjsWasmShapes()] },
  // Fonts (KaTeX) stay files: the CSP allows fonts from this origin, not data: URIs.
  build: { target: 'es2022', chunkSizeWarningLimit: 4000, assetsInlineLimit: 0 },
  test: {
    include: ['tests/{math,data,lib,model,worker,state,arch,charts,lesson,cli,build}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60000,
  },
});
