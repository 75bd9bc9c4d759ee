/**
 * Objective edits made while dragging (β, σ on the plane): the latest edit of each model waits for
 * the next animation frame, so a drag sends at most one message per model per frame.
 */
import type { ObjectiveSettings } from '../math/objective';

export class LiveEdits {
  private readonly waiting = new Map<string, ObjectiveSettings>();
  private framed = false;

  /** `send`: what a model's edit does once its frame comes. */
  constructor(private readonly send: (modelId: string, objective: ObjectiveSettings) => void) {}

  /** Keep `objective` as model `id`'s edit for the next frame. */
  add(id: string, objective: ObjectiveSettings): void {
    this.waiting.set(id, objective);
    if (this.framed) return;
    this.framed = true;
    const frame =
      typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (f: () => void) => setTimeout(f, 16);
    frame(() => this.flush());
  }

  /** Forget model `id`'s waiting edit (a committed edit replaces it). */
  drop(id: string): void {
    this.waiting.delete(id);
  }

  /** Send every waiting edit now. */
  flush(): void {
    this.framed = false;
    for (const [id, o] of this.waiting) this.send(id, o);
    this.waiting.clear();
  }

  /** Forget every waiting edit (a new experiment). */
  clear(): void {
    this.waiting.clear();
  }
}
