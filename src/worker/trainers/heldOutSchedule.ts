/**
 * When an image model's held-out numbers are measured (model/vae/evaluate.ts): at its first report with a
 * step, then every EVAL_EVERY_STEPS. While training runs, at most one model per report (the most overdue),
 * and only once its batch point has been reported: a measurement takes about as long as many training steps, so
 * measuring every model before the first report kept the plane empty for seconds after training
 * started. A complete read (paused, or a single step) measures every model that is due whose batch point is on the
 * plane, and says when some wait for theirs (the session then reads again at once): a checkpoint opened paused
 * shows its points before its held-out numbers are measured.
 */
import type { HeldOutNumbers } from '../../lib/metrics';
import { measureKernel } from '../../math/mmd';
import { DEFAULT_HELD_OUT, evaluateHeldOut } from '../../model/vae/evaluate';
import type { ImageTensors } from '../../model/vae/imageTensors';
import type { VaeModel } from '../../model/vae/vaeModel';

/** Held-out metrics of a model are measured again when this many steps passed since the last time. */
export const EVAL_EVERY_STEPS = 250;

/** A model a report may measure: its id, its step and whether its batch point is on the plane already. */
export interface HeldOutCandidate {
  id: string;
  step: number;
  reported: boolean;
}

export class HeldOutSchedule {
  private readonly numbers = new Map<string, HeldOutNumbers>();
  private chosen = new Set<string>();
  /** A complete read left models that were never measured because their batch point was not reported yet. */
  private left = false;

  /**
   * Start a report over these (active) models: choose what it measures — every due model when `complete`, else the
   * most overdue one (never measured first, then the most steps since its last measurement), so that no model
   * waits behind another that is due at every report.
   */
  startReport(candidates: readonly HeldOutCandidate[], complete: boolean): void {
    const overdue = (c: HeldOutCandidate): number => {
      const held = this.numbers.get(c.id);
      if (held === undefined) return c.step > 0 && c.reported ? Number.POSITIVE_INFINITY : -1;
      const since = c.step - held.step;
      return since >= EVAL_EVERY_STEPS ? since : -1;
    };
    const due = candidates.filter((c) => overdue(c) >= 0);
    if (!complete) due.sort((x, y) => overdue(y) - overdue(x));
    this.chosen = new Set((complete ? due : due.slice(0, 1)).map((c) => c.id));
    this.left = complete && candidates.some((c) => c.step > 0 && !c.reported && !this.numbers.has(c.id));
  }

  /** Whether the complete read just started leaves models to measure at the next one (see `startReport`). */
  get leftForNextRead(): boolean {
    return this.left;
  }

  /** Whether this report measures model `id` (chosen by startReport). */
  measures(id: string): boolean {
    return this.chosen.has(id);
  }

  get(id: string): HeldOutNumbers | undefined {
    return this.numbers.get(id);
  }

  set(id: string, numbers: HeldOutNumbers): void {
    this.numbers.set(id, numbers);
  }

  /** Measure model `id` now (held-out images, IWAE with k samples, the MMD² of its objective's kernel). */
  async measure(id: string, model: VaeModel, images: ImageTensors, iwaeSamples: number): Promise<void> {
    const h = await evaluateHeldOut(model.vae, images, {
      ...DEFAULT_HELD_OUT,
      iwaeSamples,
      seed: model.seed,
      kernel: measureKernel(model.objective.kernel),
    });
    this.numbers.set(id, { step: model.step, ...h });
  }

  /** Measure every model again at its next report (IWAE k changed, models edited). */
  clear(): void {
    this.numbers.clear();
  }
}
