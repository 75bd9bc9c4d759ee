/**
 * A Vite plugin that applies a build-time patch of a dependency's source (build/tfjsForIn.ts, build/tfjsWasmShapes.ts).
 */
export type PatchPlugin = {
  name: string;
  enforce: 'pre';
  transform(code: string, id: string): { code: string; map: null } | null;
};

/** The plugin named `name` that replaces a module's code by `patch(code, id)` where that is not null. */
export function patchPlugin(name: string, patch: (code: string, id: string) => string | null): PatchPlugin {
  return {
    name,
    enforce: 'pre',
    transform(code, id) {
      const out = patch(code, id);
      return out === null ? null : { code: out, map: null };
    },
  };
}
