/**
 * The layer arrows of shared/DESIGN.md, enforced: math (and data) import nothing of ours but lib/math; model
 * no DOM/UI layer; nothing on the main thread (state, charts, components, app) reaches tfjs,
 * directly or through another module (type-only imports are erased and allowed).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

/** Runtime (non-type) import specifiers of a file. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*import\s+(type\s+)?([^'";]*?)\s*(?:from\s+)?['"]([^'"]+)['"]/gm)) {
    if (!m[1]) out.push(m[3] as string);
  }
  for (const m of text.matchAll(/new URL\(['"]([^'"]+)['"]/g)) out.push(`worker-entry:${m[1]}`);
  return out;
}

function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    try {
      if (statSync(c).isFile()) return c;
    } catch {
      /* try next */
    }
  }
  return null;
}

const layer = (file: string): string => file.slice(SRC.length + 1).split('/')[0] as string;

/** Folders each layer may import at run time. */
const ALLOWED: Record<string, string[]> = {
  lib: ['lib', 'math'],
  math: ['math', 'lib'],
  // Pure data formats (the image asset): no tfjs, no DOM, like math.
  data: ['data', 'math', 'lib'],
  model: ['model', 'data', 'math', 'lib'],
  worker: ['worker', 'model', 'data', 'math', 'lib'],
  cli: ['cli', 'model', 'data', 'math', 'lib'],
  state: ['state', 'data', 'math', 'lib'],
  charts: ['charts', 'math', 'lib'],
  components: ['components', 'charts', 'state', 'app', 'data', 'math', 'lib'],
  app: ['app', 'components', 'charts', 'state', 'data', 'math', 'lib'],
};

describe('layering', () => {
  const all = files(SRC);
  it('every runtime import points down the layers', () => {
    const bad: string[] = [];
    for (const f of all) {
      for (const spec of runtimeImports(f)) {
        if (spec.startsWith('worker-entry:')) continue;
        const target = resolveLocal(f, spec);
        if (target && !(ALLOWED[layer(f)] ?? []).includes(layer(target))) bad.push(`${f.slice(SRC.length + 1)} → ${spec}`);
        if (spec.startsWith('@tensorflow/') && ['math', 'lib', 'state', 'charts', 'components', 'app'].includes(layer(f))) bad.push(`${f.slice(SRC.length + 1)} → ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });
  it('the main thread (app entry) reaches no @tensorflow module transitively', () => {
    const seen = new Set<string>();
    const stack = [join(SRC, 'app/main.tsx')];
    const reached: string[] = [];
    while (stack.length) {
      const f = stack.pop() as string;
      if (seen.has(f)) continue;
      seen.add(f);
      for (const spec of runtimeImports(f)) {
        if (spec.startsWith('@tensorflow/')) reached.push(`${f.slice(SRC.length + 1)} → ${spec}`);
        const t = resolveLocal(f, spec);
        if (t) stack.push(t);
      }
    }
    expect(reached).toEqual([]);
    expect(seen.size).toBeGreaterThan(10);
  });
  it('model and worker code call tfjs ops as tf.op(t), never t.op() (chained ops are not registered with tfjs-core alone)', () => {
    const chained = /\b(?!tf\b)[A-Za-z_]\w*\.(expandDims|reshape|matMul|transpose|squeeze|cast|relu|sigmoid|tile|gather|square|logSumExp|softplus|cumsum|clipByValue)\(/;
    const bad = all
      .filter((f) => ['model', 'worker'].includes(layer(f)))
      .flatMap((f) => readFileSync(f, 'utf8').split('\n').flatMap((line, i) => (chained.test(line) ? [`${f.slice(SRC.length + 1)}:${i + 1}: ${line.trim()}`] : [])));
    expect(bad).toEqual([]);
  });
});
