/**
 * What the worker host (host.ts) needs from the outside: storage, the backend chooser, ownership
 * and pool workers, injected so tests can stub them.
 */
import type { BinaryImageSet } from '../data/binaryImages';
import type { BackendChoice } from '../lib/backendChoice';
import type { BackendRequest } from '../lib/backends';
import type { OwnershipEvents, RunOwnership } from './saved/ownership';
import type { FromWorker, Workload } from './protocol';
import type { PoolWorkerLike } from './pool/poolWorkers';
import type { RunStorage } from './saved/storage';

export type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/**
 * What the host needs from the outside (injected so tests can stub it).
 */
export interface HostDeps {
  post: Post;
  /** Which saved runs this tab owns, built with the events it raises (absent: this tab owns every run it opens). */
  ownership?: (events: OwnershipEvents) => RunOwnership;
  storage:
    | (RunStorage & { loadImages(): Promise<BinaryImageSet | null>; saveImages(set: BinaryImageSet): Promise<void> })
    | null;
  /** Where the worker script is (the MNIST asset is found relative to the page's data folder, else this). */
  selfHref: string;
  chooseBackend(request: BackendRequest, cached: BackendChoice | null, workload: Workload): Promise<BackendChoice>;
  now?: () => number;
  /** Starts a pool worker of the training pool (absent: every model trains in this worker). */
  createPoolWorker?: () => PoolWorkerLike;
  /** Logical cores (navigator.hardwareConcurrency): the automatic pool size is one fewer. */
  cores?: number;
}
