/**
 * A pool worker's message handling, independent of the worker global scope (Node tests drive it
 * in-process): builds its block's trainer and answers the coordinator's requests one after
 * another, except the image jobs that run beside training (test evaluation, Markov chain) and the
 * cancels, which act at once.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BinaryImageSet } from '../../data/binaryImages';
import { localTrainer } from '../trainers/localTrainer';
import type { FromWorker } from '../protocol';
import type { WorkerMemory } from '../debugProtocol';
import type { FromPoolWorker, ToPoolWorker } from './poolProtocol';
import type { Trainer, TrainerRead } from '../trainers/trainer';
import { VaeModelTrainer } from '../trainers/vaeModelTrainer';

type Send = (message: FromPoolWorker, transfer?: Transferable[]) => void;

/** How long a failed request on webgpu waits for a device loss to show before its error is sent. */
const LOSS_GRACE_MS = 300;

/** Requests that do not wait for the ones before them. */
const IMMEDIATE: ReadonlySet<ToPoolWorker['type']> = new Set([
  'test-eval',
  'cancel-test-eval',
  'markov-chain',
  'cancel-images',
  'lose-device',
  'crash',
]);

export interface PoolWorkerHostDeps {
  send: Send;
  /** Switch tfjs to a backend; false when it failed to start. */
  setBackend(name: string): Promise<boolean>;
  /** Called after a build on webgpu: watch the device, call `lost` when it goes. */
  watchDevice?(lost: (reason: string) => void): void;
  /** Test hooks. */
  loseDevice?(): void;
  crash?(): void;
}

export class PoolWorkerHost {
  private trainer: Trainer | null = null;
  private images: BinaryImageSet | null = null;
  private queue: Promise<void> = Promise.resolve();
  /** Why this worker's WebGPU device was lost (null while it is not). */
  private lost: string | null = null;

  constructor(private readonly deps: PoolWorkerHostDeps) {}

  dispatch(msg: ToPoolWorker): Promise<void> {
    const run = async (): Promise<void> => {
      try {
        const { value, transfer } = await this.handle(msg);
        this.deps.send({ type: 'reply', id: msg.id, value }, transfer);
      } catch (e) {
        // A request that fails on webgpu may be the first sign of a lost device (a read-back's
        // mapAsync fails before device.lost resolves): give the loss a moment to show, and then
        // report the loss instead, so the coordinator replaces this worker rather than stopping.
        if (tf.getBackend() === 'webgpu' && this.lost === null) await new Promise((r) => setTimeout(r, LOSS_GRACE_MS));
        if (this.lost !== null) return;
        this.deps.send({ type: 'reply', id: msg.id, error: (e as Error).message });
      }
    };
    if (IMMEDIATE.has(msg.type)) return run();
    this.queue = this.queue.then(run);
    return this.queue;
  }

  private get t(): Trainer {
    if (!this.trainer) throw new Error('this training worker has no models yet');
    return this.trainer;
  }

  private readonly post = (message: FromWorker, transfer: Transferable[] = []): void =>
    this.deps.send({ type: 'post', message }, transfer);

  private async handle(msg: ToPoolWorker): Promise<{ value?: unknown; transfer?: Transferable[] }> {
    switch (msg.type) {
      case 'backend': {
        const ok = await this.deps.setBackend(msg.backend);
        await tf.ready();
        return { value: ok ? msg.backend : tf.getBackend() };
      }
      case 'build': {
        this.trainer?.dispose();
        this.trainer = null;
        if (msg.images) this.images = msg.images;
        const trainer = localTrainer(msg.experiment, this.images, this.post, msg.place);
        try {
          if (msg.snapshot) await trainer.importState(msg.snapshot);
          if (msg.modelSnapshots) {
            if (!(trainer instanceof VaeModelTrainer))
              throw new Error('only image models are taken from model snapshots');
            trainer.adoptModels(msg.modelSnapshots, msg.step ?? 0);
          }
        } catch (e) {
          trainer.dispose();
          throw e;
        }
        this.trainer = trainer;
        if (tf.getBackend() === 'webgpu') {
          this.deps.watchDevice?.((reason) => {
            this.lost = reason;
            this.deps.send({ type: 'lost', reason });
          });
        }
        return {};
      }
      case 'train':
        this.t.train(msg.count);
        return {};
      case 'check-faults':
        return { value: await this.t.checkFaults() };
      case 'read': {
        const read: TrainerRead = await this.t.read(new Set(msg.selected), msg.complete);
        return { value: read, transfer: read.tables.map((x) => x.logTables.buffer) };
      }
      case 'set-objective':
        return { value: await this.t.setObjective(msg.modelId, msg.objective) };
      case 'set-learning-rate':
        this.t.setLearningRate(msg.learningRate);
        return {};
      case 'inject-nan':
        this.t.injectNaN(msg.modelId);
        return {};
      case 'export':
        return { value: await this.t.exportState() };
      case 'import':
        await this.t.importState(msg.snapshot);
        return {};
      case 'selection-changed':
        this.trainer?.selectionChanged?.();
        return {};
      case 'set-iwae':
        this.trainer?.setIwaeSamples?.(msg.samples);
        return {};
      case 'cancel-images':
        this.trainer?.jobs?.cancelImages();
        return {};
      case 'test-eval':
        await this.trainer?.jobs?.testEvaluation(msg.modelId, msg.k);
        return {};
      case 'cancel-test-eval':
        this.trainer?.jobs?.cancelTestEvaluation();
        return {};
      case 'markov-chain':
        await this.trainer?.jobs?.markovChain(msg.modelId, msg.meanField);
        return {};
      case 'memory':
        return { value: workerMemory() };
      case 'lose-device':
        this.deps.loseDevice?.();
        return {};
      case 'crash':
        this.deps.crash?.();
        return {};
      case 'dispose':
        this.trainer?.dispose();
        this.trainer = null;
        this.images = null;
        return {};
    }
  }
}

/** This worker's tfjs memory, with the wasm heap where the backend is wasm. */
export function workerMemory(): WorkerMemory {
  const m = tf.memory();
  const backend = tf.getBackend();
  let wasmHeapBytes: number | null = null;
  if (backend === 'wasm') {
    const wasm = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm;
    wasmHeapBytes = wasm?.HEAPU8?.buffer.byteLength ?? null;
  }
  return { backend, numTensors: m.numTensors, numBytes: m.numBytes, wasmHeapBytes };
}
