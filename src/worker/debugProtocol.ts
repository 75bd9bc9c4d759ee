/**
 * Test and benchmark requests to the training worker and their answers: a union of its own,
 * carried in protocol.ts's 'debug' and 'debug-reply' messages and handled by worker/debug, which
 * the worker loads on the first such request (the app never sends one; the tests and `npm run
 * bench` do, through the page's debug handle, installed with `debug=1` in the URL).
 */
import type { BackendTiming, Workload } from '../lib/backendChoice';
import type { BackendName } from '../lib/backends';
import type { Family } from '../lib/experiment';
import type { MlpBenchRow } from '../model/vae/mlpBench';

export type { MlpBenchRow };

export interface BenchRequest {
  backends: BackendName[];
  populations: number[];
  /** Most timed steps per row. */
  steps: number;
  /** A row stops timing after this many seconds (slow backends), whatever `steps` says. */
  maxSeconds: number;
  family: Family;
  /** Objective of every model (default target-lagrange, the heaviest step). */
  objective?: 'target-lagrange' | 'beta';
  /** webgpu rows: 'tensor' (tfjs ops), 'fused' (one WGSL program, toyFused.ts) or both (default). */
  webgpuPaths?: ('tensor' | 'fused')[];
}

/** The fused WebGPU step against the tensor path on the same backend and seed (max |difference|). */
export interface FusedCheckRow {
  family: Family;
  steps: number;
  /** Whether the fused program ran (false: no WebGPU here, or the device refused every variant). */
  fused: boolean;
  /** The variant that ran (toyFusedShader.ts ShaderStorage), or null. */
  program: 'private' | 'row' | null;
  rate: number;
  distortion: number;
  multiplier: number;
  params: number;
  /**
   * The tensor path on cpu against the tensor path on webgpu: the float32 noise floor between two correct
   * implementations.
   */
  cpuVsWebgpu: { rate: number; distortion: number; params: number };
  /** The fused program against the tensor path on cpu. */
  fusedVsCpu: { rate: number; distortion: number; params: number };
}

export interface BenchRow {
  backend: BackendName;
  population: number;
  family: Family;
  /** webgpu: which step ran (tfjs ops or the fused program). */
  path?: 'tensor' | 'fused';
  stepsPerSecond: number | null;
  modelStepsPerSecond: number | null;
  note: string;
}

/** The fused WebGPU Adam update against the elementwise one (max |difference| after `steps` steps). */
export interface AdamCheckRow {
  steps: number;
  /** The backend compared on (the fused programs of fusedAdam.ts against the elementwise update). */
  backend: 'webgpu' | 'webgl';
  /** Whether the fused program ran (false: that backend is not available here). */
  fused: boolean;
  params: number;
  moments: number;
  /** The elementwise update on cpu against it on the backend: the float32 noise floor. */
  cpuVsWebgpu: { params: number; moments: number };
}

/** One worker's tfjs memory (the wasm backend's heap included, where it is wasm). */
export interface WorkerMemory {
  backend: string;
  numTensors: number;
  numBytes: number;
  /** Bytes of the wasm backend's heap (null on other backends). */
  wasmHeapBytes: number | null;
}

/** The training worker's tfjs memory and each pool worker's; numBytesInGPU where the backend has a GPU (webgl). */
export interface MemoryReport extends WorkerMemory {
  numBytesInGPU: number | null;
  poolWorkers: WorkerMemory[];
}

/** page → worker: what a test or the benchmark asks. `poolWorker`: that worker of the pool instead of this one. */
export type DebugRequest =
  /** Make one model's parameters NaN, as a diverging step would. */
  | { kind: 'inject-nan'; modelId: string }
  /** Destroy the WebGPU device, as a driver reset would. */
  | { kind: 'lose-device'; poolWorker?: number }
  /** Fail with an uncaught error, as a crashing worker would. */
  | { kind: 'crash'; poolWorker?: number }
  /** tfjs memory (answered with 'memory'). */
  | { kind: 'memory' }
  /** The toy throughput benchmark (answered with 'bench'). */
  | { kind: 'bench'; request: BenchRequest }
  /** The image benchmark (MLP VAE 784-512-20, batch 128, and plain matMul) on each backend. */
  | { kind: 'bench-mlp'; backends: BackendName[]; maxSeconds: number }
  /** The fused WebGPU toy step against the tensor path. */
  | { kind: 'fused-check'; steps: number; invalid?: string[] }
  /** The fused Adam update against the elementwise one on webgpu or webgl. */
  | { kind: 'adam-check'; steps: number; backend?: 'webgpu' | 'webgl' }
  /** The backend choice's warm-up of `workload` on each backend, timed for `budgetMs`. */
  | { kind: 'warm-up'; backends: BackendName[]; workload: Workload; budgetMs: number };

/** worker → page: the answer to the request of the same kind (the hooks that only act have none). */
export type DebugReply =
  | { kind: 'memory'; memory: MemoryReport }
  | { kind: 'bench'; rows: BenchRow[] }
  | { kind: 'bench-mlp'; rows: MlpBenchRow[] }
  | { kind: 'fused-check'; rows: FusedCheckRow[] }
  | { kind: 'adam-check'; row: AdamCheckRow }
  | { kind: 'warm-up'; timings: BackendTiming[] };

/** Requests that act at once, between chunks of training, instead of queueing behind the messages before them. */
export const IMMEDIATE_DEBUG: ReadonlySet<DebugRequest['kind']> = new Set(['inject-nan', 'lose-device', 'memory']);
