import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/** Vite config: React app, module worker, tests in Node (vitest). */
export default defineConfig({
  plugins: [react()],
  base: './',
  worker: { format: 'es' },
  // Fonts (KaTeX) stay files: the CSP allows fonts from this origin, not data: URIs.
  build: { target: 'es2022', chunkSizeWarningLimit: 4000, assetsInlineLimit: 0 },
  test: {
    include: ['tests/{math,data,model,worker,state,arch,charts,lesson}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60000,
  },
});
