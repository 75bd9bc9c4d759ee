/**
 * Requests that only image experiments make: the held-out IWAE k, image grids, the Markov chain,
 * full test evaluations, the user's own images, and adding or removing models of the model list.
 */
import type { BinaryImageSet } from '../data/binaryImages';
import { type ExperimentConfig, MAX_EXTRA_MODELS, presetDataset, type ModelEdits } from '../lib/experiment';
import type { SettingsStore } from './settingsStore';
import type { UrlState } from './url';
import type { WorkerLink } from './workerLink';

/** What these requests need of the controller. */
export interface ImageHost {
  readonly settings: SettingsStore;
  readonly currentExperiment: ExperimentConfig;
  readonly selection: { selectedId(): string };
  setStructure(patch: Partial<Pick<UrlState['settings'], 'preset' | 'images'>>): void;
  /** The same experiment with the model list edited; `copies` start from their source model's weights. */
  editModels(edits: ModelEdits, copies: { id: string; from: string }[]): void;
}

export class ImageRequests {
  constructor(
    private readonly link: WorkerLink,
    private readonly host: ImageHost,
  ) {}

  /** k of the held-out IWAE bound: applied at once, training goes on. */
  setIwaeSamples(k: number): void {
    this.link.post({ type: 'set-iwae', samples: k });
  }

  /** Run InfoVAE's Markov chain from ancestral codes of an image model (frames arrive in the session store). */
  markovChain(modelId: string, meanField = false): void {
    this.link.post({ type: 'markov-chain', modelId, meanField });
  }

  /** Stop drawing the image grid in progress (PixelCNN sampling takes seconds). */
  cancelImages(): void {
    this.link.post({ type: 'cancel-images' });
  }

  /** A full test evaluation of an image model (every test image, IWAE-k); progress and result arrive in the store. */
  testEvaluation(modelId: string, k: number): void {
    this.link.post({ type: 'test-eval', modelId, k });
  }

  cancelTestEvaluation(): void {
    this.link.post({ type: 'cancel-test-eval' });
  }

  /** Train on the user's own images (already binarised): hand them to the worker, then restart on them. */
  trainOnCustomImages(set: BinaryImageSet): void {
    this.link.post({ type: 'set-images', set });
    const s = this.host.settings.getState().settings;
    this.host.setStructure({
      images: 'custom',
      ...(presetDataset(s.preset) === 'toy' ? { preset: 'mnist-single' as const } : {}),
    });
  }

  /**
   * Add a copy of model `from` with its own β (kind beta) or σ (target-lagrange). The copy starts
   * from `from`'s current weights; every other model keeps training undisturbed. Returns its id.
   */
  duplicateModel(from: string, kind: 'beta' | 'target-lagrange', value: number): string | null {
    const s = this.host.settings.getState().settings;
    const exp = this.host.currentExperiment;
    if (exp.dataset === 'toy' || s.runs.extra.length >= MAX_EXTRA_MODELS) return null;
    let n = 1;
    while (exp.models.some((m) => m.id === `c${n}`) || s.runs.removed.includes(`c${n}`)) n++;
    const id = `c${n}`;
    this.host.editModels({ ...s.runs, extra: [...s.runs.extra, { id, from, kind, value }] }, [{ id, from }]);
    return id;
  }

  /** Stop and drop model `id` (the others keep training). */
  removeModel(id: string): void {
    const st = this.host.settings.getState();
    const s = st.settings;
    if (this.host.currentExperiment.dataset === 'toy' || this.host.currentExperiment.models.length <= 1) return;
    const extra = s.runs.extra.filter((e) => e.id !== id);
    const removed = s.runs.extra.some((e) => e.id === id) ? s.runs.removed : [...s.runs.removed, id];
    if (st.compareId === id) st.setCompare(null);
    if (this.host.selection.selectedId() === id) st.select(null);
    this.host.editModels({ extra, removed }, []);
  }
}
