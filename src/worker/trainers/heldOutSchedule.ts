/**
 * When an image model's held-out numbers are measured (model/vae/evaluate.ts): at its first report with a
 * step, then every EVAL_EVERY_STEPS. While training runs, at most one model per report, and only once
 * its batch point has been reported: a measurement takes about as long as many training steps, so
 * measuring every model before the first report kept the plane empty for seconds after training
 * started. A complete read (paused, or a single step) measures every model that is due.
 */
import type { HeldOutNumbers } from '../../lib/metrics';

/** Held-out metrics of a model are measured again when this many steps passed since the last time. */
export const EVAL_EVERY_STEPS = 250;

export class HeldOutSchedule {
  private readonly numbers = new Map<string, HeldOutNumbers>();
  private budget = 0;

  /** Start a report: how many measurements it may take. */
  startReport(complete: boolean): void {
    this.budget = complete ? Number.POSITIVE_INFINITY : 1;
  }

  /** Whether model `id` at `step` is measured in this report (`reported`: its batch point is on the plane). */
  takeDue(id: string, step: number, reported: boolean, complete: boolean): boolean {
    const held = this.numbers.get(id);
    const due = held === undefined ? step > 0 && (complete || reported) : step - held.step >= EVAL_EVERY_STEPS;
    if (!due || this.budget <= 0) return false;
    this.budget -= 1;
    return true;
  }

  get(id: string): HeldOutNumbers | undefined {
    return this.numbers.get(id);
  }

  set(id: string, numbers: HeldOutNumbers): void {
    this.numbers.set(id, numbers);
  }

  /** Measure every model again at its next report (IWAE k changed, models edited). */
  clear(): void {
    this.numbers.clear();
  }
}
