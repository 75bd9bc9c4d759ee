/**
 * The build's tfjs for-in patch (build/tfjsForIn.ts): it applies to the installed tfjs-core, and
 * the patched tape functions give what the originals give, on random tapes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { patchTfjsForIn, TFJS_FOR_IN_PATCHES } from '../../build/tfjsForIn';

const dist = join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-core/package.json')), 'dist');

type Node = { id: number; kernelName: string; inputs: Record<string, { id: number }>; outputs: { id: number }[] };
type Filter = (tape: Node[], xs: { id: number }[], y: { id: number }) => Node[];

/** A random tape of `n` nodes over tensors with ids from 0; inputs named as tfjs's kernels name them. */
function randomTape(n: number, seed: number): { tape: Node[]; tensors: number } {
  let s = seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  const names = [['x'], ['a', 'b'], ['x', 'filter'], ['condition', 't', 'e'], ['x', 'indices']];
  const tape: Node[] = [];
  let next = 4; // tensors 0..3 exist before the tape
  for (let i = 0; i < n; i++) {
    const keys = names[Math.floor(rnd() * names.length)] as string[];
    const inputs = Object.fromEntries(keys.map((k) => [k, { id: Math.floor(rnd() * next) }]));
    const outputs = Array.from({ length: rnd() < 0.2 ? 2 : 1 }, () => ({ id: next++ }));
    tape.push({ id: 1000 + i, kernelName: `K${i}`, inputs, outputs });
  }
  return { tape, tensors: next };
}

describe('tfjs for-in patch', () => {
  it('applies to the installed tfjs-core (each loop found as often as expected) and to nothing else', () => {
    for (const file of Object.keys(TFJS_FOR_IN_PATCHES)) {
      const code = readFileSync(join(dist, file), 'utf8');
      const out = patchTfjsForIn(code, join(dist, file)) as string;
      expect(out).not.toBeNull();
      expect(out).not.toMatch(/for \(const \w+ in /);
    }
    expect(patchTfjsForIn('for (const k in o) {}', '/x/node_modules/@tensorflow/tfjs-core/dist/engine.js')).toBeNull();
    expect(patchTfjsForIn('for (const k in o) {}', '/x/src/model/vae.ts')).toBeNull();
    expect(() => patchTfjsForIn('no loops here', join(dist, 'tape.js'))).toThrow(/tfjs changed/);
  });

  it('the patched getFilteredNodesXToY gives the same filtered tape as the original on 200 random tapes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-tape-'));
    const util = pathToFileURL(join(dist, 'util.js')).href;
    const src = readFileSync(join(dist, 'tape.js'), 'utf8').replace("from './util'", `from '${util}'`);
    writeFileSync(join(dir, 'original.js'), src);
    writeFileSync(join(dir, 'patched.js'), patchTfjsForIn(src, join(dist, 'tape.js')) as string);
    const original = (
      (await import(/* @vite-ignore */ pathToFileURL(join(dir, 'original.js')).href)) as {
        getFilteredNodesXToY: Filter;
      }
    ).getFilteredNodesXToY;
    const patched = (
      (await import(/* @vite-ignore */ pathToFileURL(join(dir, 'patched.js')).href)) as { getFilteredNodesXToY: Filter }
    ).getFilteredNodesXToY;
    let kept = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const { tape, tensors } = randomTape(5 + (seed % 60), seed);
      const xs = [{ id: seed % 4 }, { id: (seed * 7) % tensors }];
      const y = { id: tensors - 1 - (seed % 3) };
      const a = original(tape, xs, y);
      const b = patched(tape, xs, y);
      expect(b).toEqual(a);
      expect(b.map((n) => Object.keys(n.inputs))).toEqual(a.map((n) => Object.keys(n.inputs)));
      kept += a.length;
    }
    expect(kept).toBeGreaterThan(200); // the tapes were not all filtered to nothing
  });
});
