/** Page layout and global keyboard shortcuts (Space play/pause, → step, R reset). */
import { useEffect } from 'react';
import { ExportPanel } from '../components/ExportPanel';
import { Figure2 } from '../components/Figure2';
import { ImagePanels } from '../components/ImagePanels';
import { presetDataset } from '../lib/experiment';
import { MetricsPanel } from '../components/MetricsPanel';
import { MixturePanel } from '../components/MixturePanel';
import { Notices } from '../components/Notices';
import { ObjectiveControls } from '../components/ObjectiveControls';
import { Toolbar } from '../components/Toolbar';
import { TrainingCurves } from '../components/TrainingCurves';
import { Views } from '../components/Views';
import { useController, useHidden, useRun, useSettings } from '../state/react';

export function App() {
  const c = useController();
  const status = useRun((s) => s.statusMessage);
  const hideExport = useHidden('export');
  const dataset = presetDataset(useSettings((s) => s.settings.preset));
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
      if (e.key === ' ' && t?.tagName !== 'BUTTON') {
        e.preventDefault();
        c.togglePlay();
      } else if (e.key === 'ArrowRight') c.step(1);
      else if (e.key === 'r' || e.key === 'R') c.reset();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [c]);
  return (
    <div className="app">
      <header>
        <h1>Rate–distortion explorer</h1>
        <p className="subtitle">
          VAEs trained live in your browser on the toy problem of <em>Fixing a Broken ELBO</em>, on binarised MNIST, or on a 1-D mixture of two Gaussians: every
          model is a point at its rate R and distortion D (nats). Drag σ or β on the plane while it trains.
        </p>
        <Toolbar />
        <p className="status" data-testid="status" aria-live="polite">{status}</p>
      </header>
      <Notices />
      <main>
        <aside>
          <ObjectiveControls />
          <MetricsPanel />
          {!hideExport && <ExportPanel />}
        </aside>
        <div className="plots">
          <Views />
          {dataset !== 'toy' && <TrainingCurves />}
        </div>
      </main>
      {dataset === 'toy' ? <Figure2 /> : dataset === 'gauss' ? <MixturePanel /> : <ImagePanels />}
      <footer>
        Keys: Space play/pause · → one step · R reset. Every setting lives in the URL: copy it to share the experiment.
      </footer>
    </div>
  );
}
