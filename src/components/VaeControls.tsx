/** The image VAE's family (encoder, decoder, marginal), latent size and batch: a new experiment on change. */
import { useController, useHidden, useSession, useSettings } from '../state/react';
import { CommitNumber } from './CommitNumber';
import { BATCH_LIMITS, IWAE_LIMITS } from '../lib/experiment';
import { DECODERS, ENCODERS, LATENT_DIM_LIMITS, MARGINALS, type VaeArchitecture } from '../lib/vaeSpec';

const ENCODER_LABELS = { '-': '− MLP → Gaussian', '+': '+ Gaussian + IAF' } as const;
const DECODER_LABELS = { '-': '− MLP (independent pixels)', '+': '+ PixelCNN (autoregressive)' } as const;
const MARGINAL_LABELS = { '-': '− N(0, I)', '+': '+ MAF flow', v: 'v VampPrior', l: 'l logistic (fixed)' } as const;

export function VaeControls() {
  const c = useController();
  // The selected model's family as the worker builds it (PixelCNN and 2-D presets override the settings).
  const settingsArch = useSettings((s) => s.settings.arch);
  const selected = useSettings((s) => s.selected) ?? c.primaryModelId;
  const arch = useSession((s) => s.models[selected]?.spec.arch) ?? settingsArch;
  const iwaeK = useSession((s) => s.experiment?.iwaeSamples) ?? 10;
  const batch = useSettings((s) => s.settings.batchSize);
  const hidden = useHidden('vae');
  if (hidden) return null;
  const set = (patch: Partial<VaeArchitecture>): void => c.setStructure({ arch: { ...arch, ...patch } });
  return (
    <div className="vae-controls" role="group" aria-label="VAE family">
      <label>
        Encoder
        <select
          data-testid="encoder-select"
          value={arch.encoder}
          onChange={(e) => set({ encoder: e.target.value as VaeArchitecture['encoder'] })}
        >
          {ENCODERS.map((k) => (
            <option key={k} value={k}>
              {ENCODER_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Decoder
        <select
          data-testid="decoder-select"
          value={arch.decoder}
          onChange={(e) => set({ decoder: e.target.value as VaeArchitecture['decoder'] })}
        >
          {DECODERS.map((k) => (
            <option key={k} value={k}>
              {DECODER_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Marginal
        <select
          data-testid="marginal-select"
          value={arch.marginal}
          onChange={(e) => set({ marginal: e.target.value as VaeArchitecture['marginal'] })}
        >
          {MARGINALS.map((k) => (
            <option key={k} value={k}>
              {MARGINAL_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <label>
        latent dims
        <CommitNumber
          data-testid="latent-input"
          integer
          min={LATENT_DIM_LIMITS.min}
          max={LATENT_DIM_LIMITS.max}
          value={arch.latentDim}
          onCommit={(n) => set({ latentDim: n })}
        />
      </label>
      <label>
        batch
        <CommitNumber
          data-testid="batch-input"
          integer
          min={BATCH_LIMITS.min}
          max={BATCH_LIMITS.max}
          value={batch}
          onCommit={(n) => c.setStructure({ batchSize: n })}
        />
      </label>
      <label title="Importance samples of the held-out IWAE bound (more: tighter, slower); changes no training">
        IWAE k
        <CommitNumber
          data-testid="iwae-input"
          integer
          min={IWAE_LIMITS.min}
          max={IWAE_LIMITS.max}
          value={iwaeK}
          onCommit={(n) => c.images.setIwaeSamples(n)}
        />
      </label>
    </div>
  );
}
