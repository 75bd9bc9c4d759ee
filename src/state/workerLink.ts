/**
 * The page's link to the training worker: creates it, posts to it, hands its messages on, and
 * replaces it when it fails or falls silent (the controller decides what to do next). Requests
 * answered by one message go through `ask`. Works with any WorkerLike, so tests can use a fake.
 */
import type { FromWorker, ToWorker } from '../worker/protocol';
import { Replies } from './replies';

/** The part of a Worker the link uses. */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

/** A worker that sends nothing for this long while training is playing is taken as dead. */
export const WATCHDOG_MS = 20_000;

export interface WorkerLinkEvents {
  /** Every message of the current worker (a replaced worker's are dropped). */
  message(msg: FromWorker): void;
  /** The current worker failed with an uncaught error. */
  failed(reason: string): void;
}

export class WorkerLink {
  private worker: WorkerLike;
  private lastMessageAt = 0;
  private readonly replies = new Replies((m) => this.post(m));

  constructor(
    private readonly create: () => WorkerLike,
    private readonly now: () => number,
    private readonly events: WorkerLinkEvents,
  ) {
    this.worker = this.attach(create());
  }

  post(msg: ToWorker): void {
    this.worker.postMessage(msg);
  }

  /** Post `request`; resolves with the worker's next message of type `replyType`. */
  ask<K extends FromWorker['type']>(request: ToWorker, replyType: K): Promise<Extract<FromWorker, { type: K }>> {
    return this.replies.ask(request, replyType);
  }

  /** End the current worker and start a new one (it knows nothing yet: send init and configure). */
  replace(): void {
    this.worker.terminate();
    this.worker = this.attach(this.create());
    this.heard();
  }

  /** Count the worker as heard from now (its silence is measured from here). */
  heard(): void {
    this.lastMessageAt = this.now();
  }

  /** Whether the worker has sent nothing for longer than WATCHDOG_MS. */
  get silent(): boolean {
    return this.now() - this.lastMessageAt > WATCHDOG_MS;
  }

  private attach(worker: WorkerLike): WorkerLike {
    worker.onmessage = (e) => {
      if (worker !== this.worker) return;
      this.heard();
      this.events.message(e.data);
      this.replies.deliver(e.data);
    };
    worker.onerror = (e) => {
      if (worker === this.worker) this.events.failed(`it failed: ${e.message || 'unknown error'}`);
    };
    return worker;
  }
}
