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

/** Import and re-export statements of a file: `import … from`, `import '…'`, `export … from`; type-only ones marked. */
function importStatements(file: string): { spec: string; typeOnly: boolean }[] {
  const text = readFileSync(file, 'utf8');
  const out: { spec: string; typeOnly: boolean }[] = [];
  // import x from '…', import '…', export { x } from '…', export * from '…' (an export without from has no quote after
  // it).
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?(?:([^'";]*?)\s*from\s+)?['"]([^'"]+)['"]/gm)) {
    if (m[1] === 'export' && m[3] === undefined) continue;
    out.push({ spec: m[4] as string, typeOnly: Boolean(m[2]) });
  }
  return out;
}

/** Runtime (non-type) import specifiers of a file, re-exports included. */
function runtimeImports(file: string): string[] {
  const out = importStatements(file)
    .filter((s) => !s.typeOnly)
    .map((s) => s.spec);
  for (const m of readFileSync(file, 'utf8').matchAll(/new URL\(['"]([^'"]+)['"]/g)) out.push(`worker-entry:${m[1]}`);
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

/**
 * The arrows between layers: the folders each layer may import at run time besides itself. No
 * loops (tested below): math ← lib ← data ← model ← worker / cli; state, charts and dom below
 * components below app. Type-only imports of the worker's wire types (protocol.ts) by state,
 * charts and components are erased at build time and are not arrows.
 */
const ALLOWED: Record<string, string[]> = {
  math: [],
  lib: ['math'],
  // Pure data formats (the image asset): no tfjs, no DOM, like math.
  data: ['math', 'lib'],
  model: ['data', 'math', 'lib'],
  worker: ['model', 'data', 'math', 'lib'],
  cli: ['model', 'data', 'math', 'lib'],
  state: ['data', 'math', 'lib'],
  charts: ['math', 'lib'],
  // Browser helpers (downloads, image files, throttling hooks).
  dom: ['data', 'math', 'lib'],
  // The lesson's chapters and checks: data and pure functions over the reported state.
  lesson: ['state', 'math', 'lib'],
  components: ['lesson', 'charts', 'state', 'dom', 'data', 'math', 'lib'],
  app: ['components', 'lesson', 'charts', 'state', 'dom', 'data', 'math', 'lib'],
};

/** The folder of a worker file below src/worker ('' for the worker's own entry and shared files). */
const workerFolder = (file: string): string => {
  const parts = file.slice(SRC.length + 1).split('/');
  return parts.length > 2 ? (parts[1] as string) : '';
};
const workerFile = (file: string): string => file.slice(SRC.length + 1);

/**
 * The arrows between the folders of src/worker: backends (choice, probe, device loss), saved (storage,
 * ownership, the run keeper), trainers (one experiment's models on one backend), pool (a trainer over
 * pool workers), session (the loop, saving, histories), debug (test and benchmark requests, loaded on
 * demand). The entry files at the top (main, host, hostDeps) may import any of them; the folders import
 * only the shared files at the top (the wire types and the yield), never an entry.
 */
const WORKER_ALLOWED: Record<string, string[]> = {
  backends: [],
  saved: [],
  trainers: [],
  pool: ['trainers', 'backends'],
  session: ['trainers', 'pool', 'saved'],
  debug: ['session', 'trainers', 'pool', 'backends'],
};
const WORKER_SHARED = ['worker/protocol.ts', 'worker/yieldToEvents.ts'];

describe('layering', () => {
  const all = files(SRC);
  it('every runtime import points down the layers', () => {
    const bad: string[] = [];
    for (const f of all) {
      for (const spec of runtimeImports(f)) {
        if (spec.startsWith('worker-entry:')) continue;
        const target = resolveLocal(f, spec);
        if (target && layer(target) !== layer(f) && !(ALLOWED[layer(f)] ?? []).includes(layer(target)))
          bad.push(`${f.slice(SRC.length + 1)} → ${spec}`);
        if (
          spec.startsWith('@tensorflow/') &&
          ['math', 'lib', 'state', 'charts', 'components', 'app', 'lesson', 'dom'].includes(layer(f))
        )
          bad.push(`${f.slice(SRC.length + 1)} → ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });
  it('every folder of src/ is a layer, and the layer arrows have no loop', () => {
    const folders = [...new Set(all.map(layer))].filter((l) => !/\.tsx?$/.test(l));
    expect(folders.filter((l) => !(l in ALLOWED))).toEqual([]);
    const state = new Map<string, 'open' | 'done'>();
    const loops: string[] = [];
    const visit = (l: string, path: string[]): void => {
      if (state.get(l) === 'done') return;
      if (state.get(l) === 'open') return void loops.push([...path, l].join(' → '));
      state.set(l, 'open');
      for (const t of ALLOWED[l] ?? []) visit(t, [...path, l]);
      state.set(l, 'done');
    };
    Object.keys(ALLOWED).forEach((l) => visit(l, []));
    expect(loops).toEqual([]);
  });

  it('src/ has no import cycle between files (type-only imports and export … from included)', () => {
    const edges = new Map(
      all.map((f) => [
        f,
        importStatements(f)
          .map((s) => resolveLocal(f, s.spec))
          .filter((t): t is string => t !== null),
      ]),
    );
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f].map((p) => p.slice(SRC.length + 1)).join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const t of edges.get(f) ?? []) visit(t, [...path, f]);
      state.set(f, 'done');
    };
    all.forEach((f) => visit(f, []));
    expect(cycles).toEqual([]);
  });

  it('inside src/worker, every runtime import follows the arrows between its folders', () => {
    const bad: string[] = [];
    for (const f of all.filter((f) => layer(f) === 'worker')) {
      for (const spec of runtimeImports(f)) {
        const target = spec.startsWith('worker-entry:') ? null : resolveLocal(f, spec);
        if (!target || layer(target) !== 'worker') continue;
        const from = workerFolder(f);
        const to = workerFolder(target);
        if (from === to || from === '') continue;
        const ok = to === '' ? WORKER_SHARED.includes(workerFile(target)) : (WORKER_ALLOWED[from] ?? []).includes(to);
        if (!ok) bad.push(`${f.slice(SRC.length + 1)} → ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('every folder of src/worker is in the worker table, and its arrows have no loop', () => {
    const folders = [...new Set(all.filter((f) => layer(f) === 'worker').map(workerFolder))].filter((d) => d !== '');
    expect(folders.filter((d) => !(d in WORKER_ALLOWED)).sort()).toEqual([]);
    const done = new Set<string>();
    const loops: string[] = [];
    const visit = (d: string, path: string[]): void => {
      if (path.includes(d)) return void loops.push([...path, d].join(' → '));
      if (done.has(d)) return;
      for (const t of WORKER_ALLOWED[d] ?? []) visit(t, [...path, d]);
      done.add(d);
    };
    Object.keys(WORKER_ALLOWED).forEach((d) => visit(d, []));
    expect(loops).toEqual([]);
  });

  it('no line in src/ is over 120 characters (the formatter width)', () => {
    const long = all.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) => (line.length > 120 ? [`${f.slice(SRC.length + 1)}:${i + 1} (${line.length})`] : [])),
    );
    expect(long).toEqual([]);
  });

  it('no file in src/ is over 300 lines', () => {
    const long = all
      .map((f) => [f.slice(SRC.length + 1), readFileSync(f, 'utf8').split('\n').length] as const)
      .filter(([, n]) => n > 300);
    expect(long).toEqual([]);
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
    const chained =
      /\b(?!tf\b)[A-Za-z_]\w*\.(expandDims|reshape|matMul|transpose|squeeze|cast|relu|sigmoid|tile|gather|square|logSumExp|softplus|cumsum|clipByValue)\(/;
    const bad = all
      .filter((f) => ['model', 'worker'].includes(layer(f)))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .flatMap((line, i) => (chained.test(line) ? [`${f.slice(SRC.length + 1)}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(bad).toEqual([]);
  });
});
