/**
 * The named trainable tensors of one VAE, created with seeded initial values so that the same
 * seed gives the same model on every backend. Owns its variables (dispose frees them).
 */
import * as tf from '@tensorflow/tfjs-core';
import { seededNormals } from '../../math/rng';

export type Init = { kind: 'normal'; std: number } | { kind: 'zeros' } | { kind: 'constant'; value: number };

/** He-style initial weights N(0, 2 / fanIn) for a [fanIn, fanOut] matrix. */
export const he = (fanIn: number): Init => ({ kind: 'normal', std: Math.sqrt(2 / fanIn) });
/** Small N(0, 1e-2 / fanIn) weights for layers that should start near identity/zero output. */
export const small = (fanIn: number): Init => ({ kind: 'normal', std: Math.sqrt(0.01 / fanIn) });

export class ParamStore {
  private readonly vars = new Map<string, tf.Variable>();
  private counter = 0;

  constructor(private readonly seed: number) {}

  /** Create (once) the parameter `name` with `shape`; its values depend only on seed and creation order. */
  add(name: string, shape: number[], init: Init): tf.Variable {
    if (this.vars.has(name)) throw new Error(`parameter ${name} exists`);
    const size = shape.reduce((a, b) => a * b, 1);
    const seed = (this.seed * 1_000_003 + 7919 * ++this.counter) >>> 0;
    const values =
      init.kind === 'normal'
        ? seededNormals(size, seed, init.std)
        : new Float32Array(size).fill(init.kind === 'constant' ? init.value : 0);
    const v = tf.tidy(() => tf.variable(tf.tensor(values, shape), true));
    this.vars.set(name, v);
    return v;
  }

  get(name: string): tf.Variable {
    const v = this.vars.get(name);
    if (!v) throw new Error(`no parameter ${name}`);
    return v;
  }

  names(): string[] {
    return [...this.vars.keys()];
  }

  list(): tf.Variable[] {
    return [...this.vars.values()];
  }

  /** Total number of scalar parameters. */
  count(): number {
    return this.list().reduce((n, v) => n + v.size, 0);
  }

  /** Values of every parameter, in creation order. */
  async read(): Promise<Float32Array[]> {
    return Promise.all(this.list().map(async (v) => new Float32Array(await v.data())));
  }

  /** Overwrite every parameter (same order and sizes as read()). */
  write(values: readonly Float32Array[]): void {
    const vars = this.list();
    if (values.length !== vars.length)
      throw new Error(`expected ${vars.length} parameter arrays, got ${values.length}`);
    vars.forEach((v, i) => {
      const a = values[i] as Float32Array;
      if (a.length !== v.size) throw new Error(`parameter ${i} has ${a.length} values, expected ${v.size}`);
      tf.tidy(() => v.assign(tf.tensor(a, v.shape)));
    });
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}
