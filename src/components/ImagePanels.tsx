/**
 * Reconstructions and samples of the selected image model (the paper's Figure 4 protocol), with
 * the progress of grids being drawn and a Cancel button (PixelCNN decoding is pixel by pixel);
 * with a compared model, both side by side with their numbers.
 */
import { useController, useSession, useSettings } from '../state/react';
import { modelLabel } from '../state/selectors';
import { ImageGridCanvas } from '../charts/ImageGridCanvas';
import { LatentPlot } from '../charts/LatentPlot';
import { formatInfo } from '../charts/units';
import { ChainView } from './ChainView';

export function ImagePanels() {
  const c = useController();
  const selectedId = useSettings((s) => s.selected) ?? c.primaryModelId;
  const compareId = useSettings((s) => s.compareId);
  const ids = compareId && compareId !== selectedId ? [selectedId, compareId] : [selectedId];
  return (
    <>
      <div
        className={ids.length > 1 ? 'image-compare' : undefined}
        data-testid={ids.length > 1 ? 'compare-view' : undefined}
      >
        {ids.map((id) => (
          <ModelImages key={id} id={id} withNumbers={ids.length > 1} />
        ))}
      </div>
      <LatentGallery />
    </>
  );
}

/** Every model with a 2-D code side by side (VIMAE Figure 1): q(z) over p(z), each with its MMD². */
function LatentGallery() {
  const c = useController();
  const order = useSession((s) => s.order);
  const latents = useSession((s) => s.latents);
  const models = useSession((s) => s.models);
  const ids = order.filter((id) => latents[id]);
  if (ids.length < 2) return null;
  return (
    <section className="image-panels" aria-label="2-D codes of every model" data-testid="latent-gallery">
      <h2>
        q(z) over p(z), every model{' '}
        <small>(held-out codes as dots, the prior m(z) as contours; MMD² of the held-out codes)</small>
      </h2>
      <div className="latent-gallery">
        {ids.map((id) => {
          const l = latents[id];
          const e = models[id];
          if (!l || !e) return null;
          const mmd = e.metrics?.heldOut?.mmd;
          return (
            <figure key={id} data-testid={`latent-${id}`}>
              <button type="button" className="link" onClick={() => c.selection.select(id)}>
                <LatentPlot map={l.map} labels={l.labels} size={220} title={`${modelLabel(e.spec)}, step ${l.step}`} />
              </button>
              <figcaption>
                {modelLabel(e.spec)}: MMD² ={' '}
                <span data-testid={`latent-mmd-${id}`}>{mmd === undefined ? '—' : mmd.toPrecision(3)}</span>
              </figcaption>
            </figure>
          );
        })}
      </div>
    </section>
  );
}

function ModelImages({ id, withNumbers }: { id: string; withNumbers: boolean }) {
  const c = useController();
  const images = useSession((s) => s.images[id]);
  const progress = useSession((s) => s.imageProgress[id]);
  const entry = useSession((s) => s.models[id]);
  const latents = useSession((s) => s.latents[id]);
  const units = useSettings((s) => s.units);
  const label = (entry ? modelLabel(entry.spec) : undefined) ?? id;
  const m = entry?.metrics;
  const f = (v: number | undefined): string => (v === undefined ? '—' : formatInfo(v, units, 2));
  return (
    <section
      className="image-panels"
      aria-label={`Reconstructions and samples of ${label}`}
      data-testid={`image-panels-${id}`}
    >
      <h2>
        {label}: reconstructions and samples {images ? <small>(step {images.step})</small> : null}
      </h2>
      {withNumbers && m && (
        <p className="compare-numbers">
          R {f(m.rateNats)} · D {f(m.distortionNats)} · −ELBO {f(m.negElboNats)}
          {m.heldOut && (
            <>
              {' '}
              · held-out −ELBO {f(m.heldOut.heldOutNegElboNats)} · IWAE {f(m.heldOut.iwaeNats)} · active units{' '}
              {m.heldOut.activeUnits}
            </>
          )}
        </p>
      )}
      {progress !== undefined && (
        <p className="image-progress" role="status">
          drawing images… <progress max={1} value={progress} data-testid="image-progress" />{' '}
          {Math.round(progress * 100)}%{' '}
          <button type="button" onClick={() => c.images.cancelImages()} data-testid="cancel-images">
            Cancel
          </button>
        </p>
      )}
      {images ? (
        <div className="grids">
          <ImageGridCanvas
            grid={images.recon}
            columnTitles={['x', 'x ~ d(x|z)', 'mean of 5']}
            label={`Reconstructions of ${label}: input, one decode of z ~ e(z|x), mean of 5 decodes`}
            testId="recon-grid"
          />
          <ImageGridCanvas
            grid={images.samples}
            columnTitles={['x ~ d(x|z)', 'mean of 5']}
            label={`Samples of ${label}: z ~ m(z), one decode, mean of 5 decodes`}
            testId="sample-grid"
          />
          {latents && (
            <LatentPlot
              map={latents.map}
              labels={latents.labels}
              title={`latent space, step ${latents.step}: q(z) dots over m(z) contours`}
            />
          )}
        </div>
      ) : (
        progress === undefined && <p className="hint">Images appear after the first training steps.</p>
      )}
      {entry?.spec.kind === 'trained' && (
        <ChainView id={id} label={label} autoregressive={entry.spec.arch?.decoder === '+'} />
      )}
    </section>
  );
}
