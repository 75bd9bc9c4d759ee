/** The image VAE's family (encoder, decoder, marginal), latent size and batch: a new experiment on change. */
import { useController, useHidden, useSettings } from '../app/context';
import { BATCH_LIMITS, IWAE_LIMITS } from '../lib/experiment';
import { DECODERS, ENCODERS, LATENT_DIM_LIMITS, MARGINALS, type VaeArchitecture } from '../lib/vaeSpec';

const ENCODER_LABELS = { '-': '− MLP → Gaussian', '+': '+ Gaussian + IAF' } as const;
const DECODER_LABELS = { '-': '− MLP (independent pixels)', '+': '+ PixelCNN (autoregressive)' } as const;
const MARGINAL_LABELS = { '-': '− N(0, I)', '+': '+ MAF flow', v: 'v VampPrior', l: 'l logistic (fixed)' } as const;

export function VaeControls() {
  const c = useController();
  const arch = useSettings((s) => s.settings.arch);
  const batch = useSettings((s) => s.settings.batchSize);
  const iwaeK = useSettings((s) => s.settings.iwaeSamples);
  const hidden = useHidden('vae');
  if (hidden) return null;
  const set = (patch: Partial<VaeArchitecture>): void => c.setStructure({ arch: { ...arch, ...patch } });
  const int = (v: string, lim: { min: number; max: number }): number | null => {
    const n = Math.round(Number(v));
    return Number.isFinite(n) && n >= lim.min && n <= lim.max ? n : null;
  };
  return (
    <div className="vae-controls" role="group" aria-label="VAE family">
      <label>
        Encoder
        <select data-testid="encoder-select" value={arch.encoder} onChange={(e) => set({ encoder: e.target.value as VaeArchitecture['encoder'] })}>
          {ENCODERS.map((k) => <option key={k} value={k}>{ENCODER_LABELS[k]}</option>)}
        </select>
      </label>
      <label>
        Decoder
        <select data-testid="decoder-select" value={arch.decoder} onChange={(e) => set({ decoder: e.target.value as VaeArchitecture['decoder'] })}>
          {DECODERS.map((k) => <option key={k} value={k}>{DECODER_LABELS[k]}</option>)}
        </select>
      </label>
      <label>
        Marginal
        <select data-testid="marginal-select" value={arch.marginal} onChange={(e) => set({ marginal: e.target.value as VaeArchitecture['marginal'] })}>
          {MARGINALS.map((k) => <option key={k} value={k}>{MARGINAL_LABELS[k]}</option>)}
        </select>
      </label>
      <label>
        latent dims
        <input data-testid="latent-input" type="number" min={LATENT_DIM_LIMITS.min} max={LATENT_DIM_LIMITS.max} value={arch.latentDim}
          onChange={(e) => { const n = int(e.target.value, LATENT_DIM_LIMITS); if (n !== null) set({ latentDim: n }); }} />
      </label>
      <label>
        batch
        <input data-testid="batch-input" type="number" min={BATCH_LIMITS.min} max={BATCH_LIMITS.max} value={batch}
          onChange={(e) => { const n = int(e.target.value, BATCH_LIMITS); if (n !== null) c.setStructure({ batchSize: n }); }} />
      </label>
      <label title="Importance samples of the held-out IWAE bound (more: tighter, slower); changes no training">
        IWAE k
        <input data-testid="iwae-input" type="number" min={IWAE_LIMITS.min} max={IWAE_LIMITS.max} value={iwaeK}
          onChange={(e) => { const n = int(e.target.value, IWAE_LIMITS); if (n !== null) c.setIwaeSamples(n); }} />
      </label>
    </div>
  );
}
