/**
 * The coordinator's side of a pool of workers: one PoolWorkerLink per worker (requests with ids,
 * replies as promises, the pool worker's posts forwarded to the page), and the pool that starts, keeps,
 * replaces and ends them. A pool worker that crashes or loses its device fails its pending requests
 * with PoolWorkerFailure; the trainer that uses it rebuilds the pool worker's models (pooledTrainer.ts).
 */
import type { FromWorker } from '../protocol';
import type { FromPoolWorker, PoolWorkerRequest, ToPoolWorker } from './poolProtocol';

/** The part of a Worker a link uses (a fake in Node tests). */
export interface PoolWorkerLike {
  postMessage(message: ToPoolWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<FromPoolWorker>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

/** A request failed because its pool worker crashed or lost its device. */
export class PoolWorkerFailure extends Error {}

export class PoolWorkerLink {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  /** Why the worker stopped (null while it works). */
  failed: string | null = null;
  /** The backend the pool worker runs on (null before it was told one). */
  backend: string | null = null;
  /** The image set last sent (sent again only when another). */
  images: object | null = null;
  /** Called once when the worker fails. */
  onFail: (reason: string) => void = () => {};

  constructor(
    private readonly worker: PoolWorkerLike,
    private readonly forward: (message: FromWorker) => void,
  ) {
    worker.onmessage = (e) => this.receive(e.data);
    worker.onerror = (e) => {
      e.preventDefault?.();
      this.fail(`it crashed: ${e.message || 'unknown error'}`);
    };
  }

  private receive(msg: FromPoolWorker): void {
    if (msg.type === 'post') {
      this.forward(msg.message);
      return;
    }
    if (msg.type === 'lost') {
      this.fail(`its WebGPU device was lost (${msg.reason})`);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.error !== undefined) p.reject(new Error(msg.error));
    else p.resolve(msg.value);
  }

  /** Send a request; resolves with the pool worker's answer. */
  call<T = void>(request: PoolWorkerRequest, transfer: Transferable[] = []): Promise<T> {
    if (this.failed) return Promise.reject(new PoolWorkerFailure(this.failed));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...request, id } as ToPoolWorker, transfer);
    });
  }

  /** Send a request whose answer nobody waits for (a failure shows in the next awaited one). */
  send(request: PoolWorkerRequest): void {
    this.call(request).catch(() => {});
  }

  /** Mark the worker failed: every pending request rejects with PoolWorkerFailure. */
  fail(reason: string): void {
    if (this.failed) return;
    this.failed = reason;
    for (const p of this.pending.values()) p.reject(new PoolWorkerFailure(reason));
    this.pending.clear();
    this.worker.terminate();
    this.onFail(reason);
  }

  terminate(): void {
    this.failed ??= 'it was ended';
    for (const p of this.pending.values()) p.reject(new PoolWorkerFailure(this.failed));
    this.pending.clear();
    this.worker.terminate();
  }
}

export class PoolWorkers {
  private links: PoolWorkerLink[] = [];

  constructor(
    private readonly create: () => PoolWorkerLike,
    private readonly forward: (message: FromWorker) => void,
  ) {}

  get size(): number {
    return this.links.length;
  }

  /** Exactly `n` working links on `backend` (new workers started, failed or surplus ones ended). */
  async ensure(n: number, backend: string): Promise<PoolWorkerLink[]> {
    this.links = this.links.filter((l) => !l.failed);
    while (this.links.length > n) this.links.pop()?.terminate();
    while (this.links.length < n) this.links.push(new PoolWorkerLink(this.create(), this.forward));
    await Promise.all(this.links.map((l) => this.onBackend(l, backend)));
    return [...this.links];
  }

  /** A new worker in place of link `old` (which failed), on `backend`. */
  async replace(old: PoolWorkerLink, backend: string): Promise<PoolWorkerLink> {
    const link = new PoolWorkerLink(this.create(), this.forward);
    const i = this.links.indexOf(old);
    if (i >= 0) this.links[i] = link;
    else this.links.push(link);
    old.terminate();
    await this.onBackend(link, backend);
    return link;
  }

  private async onBackend(link: PoolWorkerLink, backend: string): Promise<void> {
    if (link.backend === backend) return;
    link.backend = await link.call<string>({ type: 'backend', backend });
  }

  /** End every worker. */
  clear(): void {
    this.links.forEach((l) => l.terminate());
    this.links = [];
  }
}
