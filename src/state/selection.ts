/**
 * Which models the page shows in detail: the selected model (its controls, grids, tables) and the
 * one compared with it. The settings store keeps the choice; the worker is told which models'
 * tables or image grids to send.
 */
import type { ExperimentConfig } from '../lib/experiment';
import type { SettingsStore } from './settingsStore';
import type { WorkerLink } from './workerLink';

/** What the selection needs of the controller. */
export interface SelectionHost {
  readonly settings: SettingsStore;
  readonly currentExperiment: ExperimentConfig;
  readonly primaryModelId: string;
}

export class Selection {
  constructor(
    private readonly link: WorkerLink,
    private readonly host: SelectionHost,
  ) {}

  /** The model the controls edit: the selected one if trained, else the primary. */
  selectedId(): string {
    const sel = this.host.settings.getState().selected;
    const ids = this.host.currentExperiment.models.map((m) => m.id);
    return sel && ids.includes(sel) ? sel : this.host.primaryModelId;
  }

  select(id: string): void {
    this.host.settings.getState().select(id);
    this.send();
  }

  /** Show model `id` beside the selected one (null: stop comparing). */
  compare(id: string | null): void {
    this.host.settings.getState().setCompare(id);
    this.send();
  }

  /** Tell the worker which models to send tables or grids of. */
  send(): void {
    const sel = this.selectedId();
    const cmp = this.host.settings.getState().compareId;
    // Toy: tables of every model in small presets (Figure 2). Images: grids of the selected model (and the compared).
    const exp = this.host.currentExperiment;
    const ids =
      exp.dataset === 'toy' && exp.models.length <= 3
        ? exp.models.map((m) => m.id)
        : cmp && cmp !== sel
          ? [sel, cmp]
          : [sel];
    this.link.post({ type: 'select', modelIds: ids });
  }
}
