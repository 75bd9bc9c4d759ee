/**
 * The page's side of the test and benchmark requests (worker/debugProtocol.ts): each posts one
 * 'debug' message and, where the worker answers, resolves with the next reply of its kind. Reached
 * only through the debug handle (debugHandle.ts), which the tests and `npm run bench` use.
 */
import type { BackendName } from '../lib/backends';
import type { BackendTiming, Workload } from '../lib/backendChoice';
import type {
  AdamCheckRow,
  BenchRequest,
  BenchRow,
  DebugReply,
  DebugRequest,
  FusedCheckRow,
  MemoryReport,
  MlpBenchRow,
} from '../worker/debugProtocol';
import type { ToWorker } from '../worker/protocol';

type Reply<K extends DebugReply['kind']> = Extract<DebugReply, { kind: K }>;

export class DebugClient {
  private readonly waiting = new Map<DebugReply['kind'], ((r: DebugReply) => void)[]>();

  /** `beforeBenchmark`: what the page does before the worker stops training for a benchmark. */
  constructor(
    private readonly post: (m: ToWorker) => void,
    private readonly beforeBenchmark: () => void = () => {},
  ) {}

  /** Resolve whoever waits for this reply's kind (the controller hands every 'debug-reply' here). */
  deliver(reply: DebugReply): void {
    const list = this.waiting.get(reply.kind) ?? [];
    this.waiting.set(reply.kind, []);
    for (const w of list) w(reply);
  }

  private send(request: DebugRequest): void {
    this.post({ type: 'debug', request });
  }

  private ask<K extends DebugReply['kind']>(request: DebugRequest & { kind: K }): Promise<Reply<K>> {
    return new Promise((resolve) => {
      this.waiting.set(request.kind, [...(this.waiting.get(request.kind) ?? []), resolve as (r: DebugReply) => void]);
      this.send(request);
    });
  }

  /** Make one model's parameters NaN, as a diverging step would. */
  injectNaN(modelId: string): void {
    this.send({ kind: 'inject-nan', modelId });
  }

  /** Destroy the WebGPU device (when training on webgpu), as a driver reset would; `poolWorker`: that one's. */
  loseDevice(poolWorker?: number): void {
    this.send(poolWorker === undefined ? { kind: 'lose-device' } : { kind: 'lose-device', poolWorker });
  }

  /** Make the training worker (`poolWorker`: that pool worker) fail with an uncaught error. */
  crashWorker(poolWorker?: number): void {
    this.send(poolWorker === undefined ? { kind: 'crash' } : { kind: 'crash', poolWorker });
  }

  /** The workers' tfjs memory (tensors, bytes, the wasm heap; GPU bytes on webgl). */
  async memory(): Promise<MemoryReport> {
    return (await this.ask({ kind: 'memory' })).memory;
  }

  /** The toy throughput benchmark in the worker (training stops); resolves with its rows. */
  async bench(request: BenchRequest): Promise<BenchRow[]> {
    this.beforeBenchmark();
    return (await this.ask({ kind: 'bench', request })).rows;
  }

  /** The image (MLP VAE) benchmark in the worker (training stops); resolves with its rows. */
  async benchMlp(backends: BackendName[], maxSeconds: number): Promise<MlpBenchRow[]> {
    this.beforeBenchmark();
    return (await this.ask({ kind: 'bench-mlp', backends, maxSeconds })).rows;
  }

  /** The backend choice's warm-up of `workload` on each backend, timed for `budgetMs` (training stops). */
  async warmUps(backends: BackendName[], workload: Workload, budgetMs: number): Promise<BackendTiming[]> {
    this.beforeBenchmark();
    return (await this.ask({ kind: 'warm-up', backends, workload, budgetMs })).timings;
  }

  /** The fused Adam update against the elementwise one on webgpu or webgl after `steps` steps. */
  async adamCheck(steps: number, backend: 'webgpu' | 'webgl' = 'webgpu'): Promise<AdamCheckRow> {
    this.beforeBenchmark();
    return (await this.ask({ kind: 'adam-check', steps, backend })).row;
  }

  /**
   * The fused WebGPU toy step against the tensor path for `steps` steps; max |Δ| per family.
   * `invalid` programs ('family:private' | 'family:row') are made not to compile, as on a device
   * that refuses them.
   */
  async fusedCheck(steps: number, invalid: string[] = []): Promise<FusedCheckRow[]> {
    this.beforeBenchmark();
    return (await this.ask({ kind: 'fused-check', steps, invalid })).rows;
  }
}
