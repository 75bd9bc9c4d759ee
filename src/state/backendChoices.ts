/**
 * The page's part of the backend choice: which workload the worker's backend was chosen for, the
 * settled choice of each workload this session (else this browser's cached one, sent with init),
 * and the probe worker that measures other backends while training starts on a provisional one.
 */
import type { BackendChoice, Workload } from '../lib/backendChoice';
import type { BackendRequest } from '../lib/backends';
import { assetBase } from './assetBase';
import { BackendProbe, type ProbeLike } from './backendProbe';
import type { ToWorker } from '../worker/protocol';

export interface BackendChoiceOptions {
  /** Starts a probe worker that measures other backends while training starts on wasm. */
  createProbe?: () => ProbeLike;
  /** Earlier measured backend choice of a workload in this browser (localStorage), and where to save a new one. */
  cachedBackend?: (workload: Workload) => BackendChoice | null;
  saveBackend?: (choice: BackendChoice) => void;
}

export class BackendChoices {
  /** The workload the worker's backend was last chosen for. */
  workload: Workload = 'toy';
  private readonly settled = new Map<Workload, BackendChoice>();
  private readonly probe: BackendProbe;

  constructor(
    private readonly options: BackendChoiceOptions,
    private readonly post: (msg: ToWorker) => void,
  ) {
    this.probe = new BackendProbe(options.createProbe);
  }

  /** Ask the worker to choose a backend for `workload` (measured, or this session's or browser's choice for it). */
  init(workload: Workload, request: BackendRequest, pool: number | null, useCache = true): void {
    this.workload = workload;
    const cached = useCache ? (this.settled.get(workload) ?? this.options.cachedBackend?.(workload) ?? null) : null;
    this.post({ type: 'init', backend: request, cached, assetBase: assetBase(), pool, workload });
  }

  /** The worker's choice: a provisional one is measured against the rest in a probe worker; a final one is kept. */
  reported(choice: BackendChoice): void {
    if (choice.provisional) this.probe.start(choice, (final) => this.post({ type: 'switch-backend', choice: final }));
    else {
      this.settled.set(choice.workload ?? 'toy', choice);
      this.options.saveBackend?.(choice);
    }
  }

  /** The user picked a backend (auto included): stop measuring and forget the settled choices. */
  forget(): void {
    this.probe.cancel();
    this.settled.clear();
  }
}
