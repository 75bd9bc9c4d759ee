/**
 * Objective requests: another objective on one model while training runs. The page echoes it at
 * once in the session store, then shows what the worker reports; each request carries a version
 * so that reports from before it are told apart. Drags send at most one request per model per frame.
 */
import type { ObjectiveSettings } from '../math/objective';
import { LiveEdits } from './liveEdits';
import type { SessionStore } from './sessionStore';
import type { WorkerLink } from './workerLink';

export class ObjectiveRequests {
  /** The version of the newest request sent (reports carry the highest version they reflect). */
  version = 0;
  private readonly live = new LiveEdits((id, o) => this.send(id, o));

  constructor(
    private readonly link: WorkerLink,
    private readonly session: SessionStore,
    private readonly now: () => number,
  ) {}

  /** The objective of a model as the worker last reported it (or as just requested). */
  of(id: string): ObjectiveSettings | undefined {
    return this.session.getState().models[id]?.spec.objective;
  }

  /** Ask for `objective` on model `id`; with `live` (drags) the request waits for the next animation frame. */
  set(id: string, objective: ObjectiveSettings, live = false): void {
    const spec = this.session.getState().models[id]?.spec;
    if (!spec || spec.kind !== 'trained') return;
    this.session.getState().updateSpec({ ...spec, objective });
    if (live) this.live.add(id, objective);
    else {
      this.live.drop(id);
      this.send(id, objective);
    }
  }

  /** Send the drags' waiting requests now (before a reset). */
  flush(): void {
    this.live.flush();
  }

  /** Forget the drags' waiting requests (a new experiment). */
  clear(): void {
    this.live.clear();
  }

  private send(id: string, objective: ObjectiveSettings): void {
    this.version += 1;
    this.session.getState().objectiveSent(this.version, this.now());
    this.link.post({ type: 'set-objective', modelId: id, objective, version: this.version });
  }
}
