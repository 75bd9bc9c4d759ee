/**
 * Build-time patch of tfjs-core 4.22 (a Vite plugin, for the app and its workers): the for-in
 * loops that walk a gradient tape's inputs (tape.js) and a tidy's result (tensor_util.js) become
 * for-of loops over Object.keys. Same keys in the same order for the plain objects and arrays they
 * walk; the difference is V8's: the for-in loops threw Chromium's optimized code out ("wrong map")
 * 9 times a second in each training worker, which recompiled them over and over (measured on a
 * 4-run MNIST sweep in 2 workers: 1.4 s of background compiling per 6 s, 0.3 s with the patch),
 * CPU that a 2-core machine's training workers then lacked. A tfjs whose files no longer hold
 * these loops fails the build, so an upgrade cannot drop the patch unnoticed.
 */
import { patchPlugin, type PatchPlugin } from './patchPlugin.ts';

/**
 * Each patched file (path suffix under node_modules/@tensorflow/tfjs-core/dist/): loops replaced, and how many of each.
 */
export const TFJS_FOR_IN_PATCHES: Record<string, { from: string; to: string; count: number }[]> = {
  'tape.js': [
    { from: 'for (const inputName in nodeInputs)', to: 'for (const inputName of Object.keys(nodeInputs))', count: 2 },
    { from: 'for (const inputName in node.inputs)', to: 'for (const inputName of Object.keys(node.inputs))', count: 2 },
  ],
  'tensor_util.js': [{ from: 'for (const k in iterable)', to: 'for (const k of Object.keys(iterable))', count: 1 }],
};

const DIST = '@tensorflow/tfjs-core/dist/';

/**
 * The patched source of module `id` (null when it is not one of the patched files); throws when a loop is not there.
 */
export function patchTfjsForIn(code: string, id: string): string | null {
  const path = id.replace(/\\/g, '/').split('?')[0] ?? '';
  const at = path.lastIndexOf(DIST);
  if (at < 0) return null;
  const patches = TFJS_FOR_IN_PATCHES[path.slice(at + DIST.length)];
  if (!patches) return null;
  let out = code;
  for (const p of patches) {
    const found = out.split(p.from).length - 1;
    if (found !== p.count)
      throw new Error(
        `tfjs for-in patch: expected ${p.count} × "${p.from}" in ${path}, found ${found} (tfjs changed: check build/tfjsForIn.ts)`,
      );
    out = out.split(p.from).join(p.to);
  }
  return out;
}

/** The Vite plugin (add it to `plugins` and to `worker.plugins`). */
export function tfjsForIn(): PatchPlugin {
  return patchPlugin('rd-tfjs-for-in', (code, id) => patchTfjsForIn(code, id));
}
