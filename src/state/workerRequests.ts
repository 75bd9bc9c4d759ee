/**
 * The page's requests to the training worker that need nothing of the controller but the wire:
 * one message out, and for some one reply back (routed by Replies). The Controller extends this.
 */
import type { HistoryRow } from '../lib/history';
import type {
  AdamCheckRow,
  BackendName,
  BackendTiming,
  BenchRow,
  FromWorker,
  FusedCheckRow,
  MlpBenchRow,
  ToWorker,
  Workload,
} from '../worker/protocol';
import { Replies } from './replies';

export abstract class WorkerRequests {
  /** Whether training should run (the user's last play/pause). */
  protected playing = true;
  protected readonly replies = new Replies((m) => this.post(m));

  protected abstract post(msg: ToWorker): void;

  /** k of the held-out IWAE bound: applied at once, training goes on. */
  setIwaeSamples(k: number): void {
    this.post({ type: 'set-iwae', samples: k });
  }

  /** Run InfoVAE's Markov chain from ancestral codes of an image model (frames arrive in the run store). */
  markovChain(modelId: string, meanField = false): void {
    this.post({ type: 'markov-chain', modelId, meanField });
  }

  /** Stop drawing the image grid in progress (PixelCNN sampling takes seconds). */
  cancelImages(): void {
    this.post({ type: 'cancel-images' });
  }

  /**
   * A full test evaluation of an image model (every test image, IWAE-k); progress and result arrive in the run store.
   */
  testEvaluation(modelId: string, k: number): void {
    this.post({ type: 'test-eval', modelId, k });
  }

  cancelTestEvaluation(): void {
    this.post({ type: 'cancel-test-eval' });
  }

  async histories(): Promise<Record<string, HistoryRow[]>> {
    return (await this.replies.ask({ type: 'get-history' }, 'history')).histories;
  }

  /** Delete the run saved in this browser (training goes on; the next save writes a new one). */
  deleteSaved(key?: string): void {
    this.post(key === undefined ? { type: 'delete-saved' } : { type: 'delete-saved', key });
  }

  /** Delete every saved run in this browser (training goes on; the next save writes the current one again). */
  clearSaved(): void {
    this.post({ type: 'clear-saved' });
  }

  /** Ask the worker for the saved-run list (it also arrives after every save). */
  listSaved(): void {
    this.post({ type: 'list-saved' });
  }

  /**
   * Test hook: destroy the WebGPU device (when training on webgpu), as a driver reset would; `shard`: that pool
   * worker's.
   */
  loseDevice(shard?: number): void {
    this.post(shard === undefined ? { type: 'lose-device' } : { type: 'lose-device', shard });
  }

  /** Soak hook: the worker's tfjs memory (tensors, bytes, GPU bytes on webgl). */
  async memory(): Promise<Extract<FromWorker, { type: 'memory' }>> {
    return this.replies.ask({ type: 'get-memory' }, 'memory');
  }

  /** Test hook: make the worker (`shard`: that pool worker) fail with an uncaught error, as a real crash would. */
  crashWorker(shard?: number): void {
    this.post(shard === undefined ? { type: 'crash' } : { type: 'crash', shard });
  }

  injectNaN(id: string): void {
    this.post({ type: 'inject-nan', modelId: id });
  }

  /** Run the image (MLP VAE) benchmark in the worker (training pauses); resolves with its rows. */
  async benchMlp(backends: BackendName[], maxSeconds: number): Promise<MlpBenchRow[]> {
    return (await this.replies.ask({ type: 'bench-mlp', backends, maxSeconds }, 'bench-mlp-result')).rows;
  }

  /**
   * The backend choice's warm-up of `workload` on each backend, timed for `budgetMs` (worker/backends/chooseBackend.ts
   * measureBackend; training pauses).
   */
  async warmUps(backends: BackendName[], workload: Workload, budgetMs: number): Promise<BackendTiming[]> {
    return (await this.replies.ask({ type: 'warm-up', backends, workload, budgetMs }, 'warm-up-result')).timings;
  }

  /**
   * The fused Adam update against the elementwise one on webgpu or webgl after `steps` steps (worker/debug/bench.ts
   * adamCheck).
   */
  async adamCheck(steps: number, backend: 'webgpu' | 'webgl' = 'webgpu'): Promise<AdamCheckRow> {
    return (await this.replies.ask({ type: 'adam-check', steps, backend }, 'adam-check-result')).row;
  }

  /**
   * The fused WebGPU toy step against the tensor path for `steps` steps (training pauses); resolves
   * with max |Δ| per family. `invalid` programs ('family:private' | 'family:row') are made not to
   * compile, as on a device that refuses them (worker/debug/bench.ts fusedCheck).
   */
  async fusedCheck(steps: number, invalid: string[] = []): Promise<FusedCheckRow[]> {
    return (await this.replies.ask({ type: 'fused-check', steps, invalid }, 'fused-check-result')).rows;
  }

  /** Run the throughput benchmark in the worker (training pauses); resolves with its rows. */
  async bench(request: Extract<ToWorker, { type: 'bench' }>['request']): Promise<BenchRow[]> {
    this.playing = false;
    return (await this.replies.ask({ type: 'bench', request }, 'bench-result')).rows;
  }
}
