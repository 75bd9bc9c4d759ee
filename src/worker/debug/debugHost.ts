/**
 * The training worker's answers to test and benchmark requests (debugProtocol.ts). The host
 * imports this file on the first 'debug' message, so neither it nor the benchmarks load in normal
 * use. Benchmarks run with training stopped and put the backend in use back afterwards.
 */
import * as tf from '@tensorflow/tfjs-core';
import { measureBackend } from '../backends/chooseBackend';
import { webgpuDevice } from '../backends/deviceLoss';
import type { DebugReply, DebugRequest, MemoryReport } from '../debugProtocol';
import { workerMemory } from '../pool/poolWorkerHost';
import type { FromWorker } from '../protocol';
import type { TrainingSession } from '../session/session';
import { adamCheck, fusedCheck, runBench, runMlpBench } from './bench';

/** What a debug request acts on: the session, the way to the page, and how to stop training first. */
export interface DebugContext {
  session: TrainingSession;
  post(message: FromWorker): void;
  /** Pause and wait until the loop has noticed. */
  stop(): Promise<unknown>;
}

/** Handle one debug request; those with an answer post it as a 'debug-reply'. */
export async function runDebug(request: DebugRequest, ctx: DebugContext): Promise<void> {
  const reply = (r: DebugReply): void => ctx.post({ type: 'debug-reply', reply: r });
  const pooled = ctx.session.pooled;
  switch (request.kind) {
    case 'inject-nan':
      return ctx.session.injectNaN(request.modelId);
    case 'lose-device':
      if (request.poolWorker === undefined) webgpuDevice()?.destroy();
      else pooled?.hook(request.poolWorker, 'lose-device');
      return;
    case 'crash':
      if (request.poolWorker !== undefined) return pooled?.hook(request.poolWorker, 'crash');
      // Outside the message handler's try/catch, so it reaches the page as the worker's error event.
      setTimeout(() => {
        throw new Error('simulated crash (test hook)');
      });
      return;
    case 'memory':
      return reply({ kind: 'memory', memory: memoryReport((await pooled?.memory()) ?? []) });
    default:
      return reply(await benchmark(request, ctx));
  }
}

type BenchmarkRequest = Exclude<DebugRequest, { kind: 'inject-nan' | 'lose-device' | 'crash' | 'memory' }>;

/** Run a benchmark with training stopped, then go back to the backend in use. */
async function benchmark(request: BenchmarkRequest, ctx: DebugContext): Promise<DebugReply> {
  await ctx.stop();
  const current = tf.getBackend();
  try {
    switch (request.kind) {
      case 'bench':
        return { kind: 'bench', rows: await runBench(request.request) };
      case 'bench-mlp':
        return { kind: 'bench-mlp', rows: await runMlpBench(request.backends, request.maxSeconds) };
      case 'fused-check':
        return { kind: 'fused-check', rows: await fusedCheck(request.steps, request.invalid ?? []) };
      case 'adam-check':
        return { kind: 'adam-check', row: await adamCheck(request.steps, request.backend ?? 'webgpu') };
      case 'warm-up': {
        const timings = [];
        for (const b of request.backends)
          timings.push(await measureBackend(b, request.workload, { budgetMs: request.budgetMs }));
        return { kind: 'warm-up', timings };
      }
    }
  } finally {
    await tf.setBackend(current);
  }
}

/** This worker's tfjs memory and each pool worker's. */
function memoryReport(poolWorkers: MemoryReport['poolWorkers']): MemoryReport {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
  return { ...workerMemory(), numBytesInGPU: m.numBytesInGPU ?? null, poolWorkers };
}
