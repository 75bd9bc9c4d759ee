/**
 * The page's requests to the training worker that need nothing of the controller but the wire:
 * one message out, and for some one reply back (routed by Replies). The Controller extends this.
 */
import type { HistoryRow } from '../lib/history';
import type { ToWorker } from '../worker/protocol';
import { Replies } from './replies';

export abstract class WorkerRequests {
  /** Whether training should run (the user's last play/pause). */
  protected playing = true;
  protected readonly replies = new Replies((m) => this.post(m));

  protected abstract post(msg: ToWorker): void;

  /** k of the held-out IWAE bound: applied at once, training goes on. */
  setIwaeSamples(k: number): void {
    this.post({ type: 'set-iwae', samples: k });
  }

  /** Run InfoVAE's Markov chain from ancestral codes of an image model (frames arrive in the run store). */
  markovChain(modelId: string, meanField = false): void {
    this.post({ type: 'markov-chain', modelId, meanField });
  }

  /** Stop drawing the image grid in progress (PixelCNN sampling takes seconds). */
  cancelImages(): void {
    this.post({ type: 'cancel-images' });
  }

  /**
   * A full test evaluation of an image model (every test image, IWAE-k); progress and result arrive in the run store.
   */
  testEvaluation(modelId: string, k: number): void {
    this.post({ type: 'test-eval', modelId, k });
  }

  cancelTestEvaluation(): void {
    this.post({ type: 'cancel-test-eval' });
  }

  async histories(): Promise<Record<string, HistoryRow[]>> {
    return (await this.replies.ask({ type: 'get-history' }, 'history')).histories;
  }

  /** Delete the run saved in this browser (training goes on; the next save writes a new one). */
  deleteSaved(key?: string): void {
    this.post(key === undefined ? { type: 'delete-saved' } : { type: 'delete-saved', key });
  }

  /** Delete every saved run in this browser (training goes on; the next save writes the current one again). */
  clearSaved(): void {
    this.post({ type: 'clear-saved' });
  }

  /** Ask the worker for the saved-run list (it also arrives after every save). */
  listSaved(): void {
    this.post({ type: 'list-saved' });
  }
}
