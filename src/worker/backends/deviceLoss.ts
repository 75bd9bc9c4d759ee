/**
 * WebGPU device loss: tfjs does not handle it, so the worker watches the device and, when it is
 * lost, continues on wasm (or cpu) from the last save. What is lost: the steps since that save.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { FromWorker } from '../protocol';
import type { TrainingSession } from '../session/session';

/** The parts of tfjs's WebGPU backend and device used to notice and force a device loss. */
interface WebGpuLike {
  device?: { lost: Promise<{ reason?: string; message?: string }>; destroy(): void };
}

/** The WebGPU device in use, if the current backend is webgpu. */
export function webgpuDevice(): WebGpuLike['device'] | undefined {
  return tf.getBackend() === 'webgpu' ? (tf.backend() as unknown as WebGpuLike).device : undefined;
}

/** Watch the current WebGPU device (if any); on loss, move the session to wasm/cpu and rebuild from the last save. */
export function watchDevice(session: TrainingSession, post: (m: FromWorker) => void): void {
  const device = webgpuDevice();
  if (!device) return;
  void device.lost.then(async (info) => {
    if (webgpuDevice() !== device) return; // already moved off this device
    const wasRunning = session.wantsToRun;
    const experiment = session.config;
    session.abandonTrainer();
    const fallback = (await tf.setBackend('wasm')) ? 'wasm' : 'cpu';
    if (fallback === 'cpu') await tf.setBackend('cpu');
    await tf.ready();
    const why = `the WebGPU device was lost (${info.reason ?? 'unknown'}${info.message ? `: ${info.message}` : ''})`;
    post({
      type: 'backend',
      choice: {
        backend: fallback,
        reason: `${why}; moved to ${fallback}`,
        adapter: null,
        timings: [],
        provisional: false,
        probe: [],
        situation: why,
      },
    });
    let restored = false;
    if (experiment) restored = await session.configure(experiment, true, wasRunning);
    const after = restored
      ? `It continues from the last save (step ${session.step}); steps since then were lost.`
      : 'No save was found, so training restarted from the seed.';
    post({ type: 'notice', message: `Training moved to ${fallback} because ${why}. ${after}` });
    if (wasRunning) void session.play();
    else post({ type: 'status', phase: 'paused', message: `paused at step ${session.step}` });
  });
}

/**
 * A failing training loop on WebGPU may be the first sign of a lost device: give the loss handler
 * a second to speak before reporting the error.
 */
export function reportLoopError(e: Error, post: (m: FromWorker) => void): void {
  const device = webgpuDevice();
  const report = (): void => post({ type: 'error', message: `Training stopped: ${e.message}` });
  if (!device) {
    report();
    return;
  }
  void Promise.race([device.lost.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 1000))]).then(
    (lost) => {
      if (!lost) report();
    },
  );
}
