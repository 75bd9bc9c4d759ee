/**
 * Measuring other backends in a probe worker while training runs on a provisional one; the
 * settled choice (fastest measured) is handed back once. A newer probe or a cancel discards an
 * older one's answer.
 */
import { settleChoice, type BackendChoice } from '../lib/backendChoice';
import type { FromProbe, ToProbe } from '../worker/protocol';

/** The part of the probe Worker used here. */
export interface ProbeLike {
  postMessage(message: ToProbe): void;
  onmessage: ((event: MessageEvent<FromProbe>) => void) | null;
  terminate(): void;
}

export class BackendProbe {
  private current: ProbeLike | null = null;

  constructor(private readonly create: (() => ProbeLike) | undefined) {}

  /** Measure `choice.probe`; `settled` gets the final choice (which may be the provisional backend). */
  start(choice: BackendChoice, settled: (final: BackendChoice) => void): void {
    this.cancel();
    if (!this.create || choice.probe.length === 0) return;
    const probe = this.create();
    this.current = probe;
    probe.onmessage = (e) => {
      if (this.current !== probe) return; // superseded by a newer choice
      this.cancel();
      settled(settleChoice(choice, e.data.timings));
    };
    probe.postMessage({ type: 'probe', candidates: choice.probe, workload: choice.workload ?? 'toy' });
  }

  /** Stop measuring; an answer still on its way is ignored. */
  cancel(): void {
    this.current?.terminate();
    this.current = null;
  }
}
