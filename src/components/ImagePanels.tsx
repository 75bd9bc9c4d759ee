/**
 * Reconstructions and samples of the selected image model (the paper's Figure 4 protocol), with
 * the progress of grids being drawn and a Cancel button (PixelCNN decoding is pixel by pixel).
 */
import { useController, useRun, useSettings } from '../app/context';
import { ImageGridCanvas } from '../charts/ImageGridCanvas';
import { LatentPlot } from '../charts/LatentPlot';

export function ImagePanels() {
  const c = useController();
  const selectedId = useSettings((s) => s.selected) ?? c.primaryModelId;
  const images = useRun((s) => s.images[selectedId]);
  const progress = useRun((s) => s.imageProgress[selectedId]);
  const label = useRun((s) => s.models[selectedId]?.spec.label ?? selectedId);
  const latents = useRun((s) => s.latents[selectedId]);
  return (
    <section className="image-panels" aria-label="Reconstructions and samples" data-testid="image-panels">
      <h2>
        {label}: reconstructions and samples {images ? <small>(step {images.step})</small> : null}
      </h2>
      {progress !== undefined && (
        <p className="image-progress" role="status">
          drawing images… <progress max={1} value={progress} data-testid="image-progress" /> {Math.round(progress * 100)}%{' '}
          <button onClick={() => c.cancelImages()} data-testid="cancel-images">Cancel</button>
        </p>
      )}
      {images ? (
        <div className="grids">
          <ImageGridCanvas grid={images.recon} columnTitles={['x', 'x ~ d(x|z)', 'mean of 5']} label={`Reconstructions of ${label}: input, one decode of z ~ e(z|x), mean of 5 decodes`} testId="recon-grid" />
          <ImageGridCanvas grid={images.samples} columnTitles={['x ~ d(x|z)', 'mean of 5']} label={`Samples of ${label}: z ~ m(z), one decode, mean of 5 decodes`} testId="sample-grid" />
          {latents && <LatentPlot map={latents.map} labels={latents.labels} title={`latent space, step ${latents.step}: q(z) dots over m(z) contours`} />}
        </div>
      ) : (
        progress === undefined && <p className="hint">Images appear after the first training steps.</p>
      )}
    </section>
  );
}
