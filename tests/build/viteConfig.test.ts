/**
 * The app's Vite config applies both tfjs patches wherever tfjs is bundled: the app, its workers
 * and the dev server's pre-bundle of dependencies (optimizeDeps), so `npm run dev` trains with the
 * same tfjs as the build.
 */
import { describe, expect, it } from 'vitest';
import config from '../../vite.config';

const PATCHES = ['rd-tfjs-for-in', 'rd-tfjs-wasm-shapes'];
const names = (plugins: unknown): string[] =>
  (Array.isArray(plugins) ? plugins.flat(3) : []).map((p) => (p as { name?: string } | null)?.name ?? '');

describe('vite config', () => {
  it('patches tfjs in the app, its workers and the dev pre-bundle', async () => {
    const c = config as {
      plugins?: unknown;
      worker?: { plugins?: () => unknown };
      optimizeDeps?: { rolldownOptions?: { plugins?: unknown } };
    };
    for (const name of PATCHES) {
      expect(names(c.plugins)).toContain(name);
      expect(names(await c.worker?.plugins?.())).toContain(name);
      expect(names(c.optimizeDeps?.rolldownOptions?.plugins)).toContain(name);
    }
  });
});
