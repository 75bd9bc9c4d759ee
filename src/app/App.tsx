/** Page layout (explorer or lesson) and global keyboard shortcuts (Space play/pause, → step, R reset). */
import { useEffect } from 'react';
import { ExportPanel } from '../components/ExportPanel';
import { Figure2 } from '../components/Figure2';
import { ImagePanels } from '../components/ImagePanels';
import { LessonPanel, openChapter } from '../components/LessonPanel';
import { MetricsPanel } from '../components/MetricsPanel';
import { MixturePanel } from '../components/MixturePanel';
import { Notices } from '../components/Notices';
import { ObjectiveControls } from '../components/ObjectiveControls';
import { Toolbar } from '../components/Toolbar';
import { TrainingCurves } from '../components/TrainingCurves';
import { Views } from '../components/Views';
import { CHAPTERS } from '../lesson/chapters';
import { presetDataset } from '../lib/experiment';
import { useController, useHidden, useSession, useSettings } from '../state/react';

export function App() {
  const c = useController();
  const status = useSession((s) => s.statusMessage);
  const statusFraction = useSession((s) => s.statusFraction);
  const hideExport = useHidden('export');
  const dataset = presetDataset(useSettings((s) => s.settings.preset));
  const lesson = useSettings((s) => s.lesson);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable))
        return;
      if (e.key === ' ' && t?.tagName !== 'BUTTON') {
        e.preventDefault();
        c.togglePlay();
      } else if (e.key === 'ArrowRight') c.step(1);
      else if (e.key === 'r' || e.key === 'R') c.reset();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [c]);
  const chapter = lesson === null ? null : CHAPTERS[lesson - 1];
  const panels = chapter?.panels ?? [];
  const datasetPanel = dataset === 'toy' ? <Figure2 /> : dataset === 'gauss' ? <MixturePanel /> : <ImagePanels />;
  return (
    <div className={`app${chapter ? ' lesson-mode' : ''}`}>
      <a className="skip-link" href="#plots">
        Skip to the plots
      </a>
      <header>
        <h1>Rate–distortion explorer</h1>
        {!chapter && (
          <p className="subtitle">
            VAEs trained live in your browser on the toy problem of <em>Fixing a Broken ELBO</em>, on binarised MNIST,
            or on a 1-D mixture of two Gaussians: every model is a point at its rate R and distortion D (nats). Drag σ
            or β on the plane while it trains.{' '}
            <button type="button" data-testid="lesson-start" className="primary" onClick={() => openChapter(c, 1)}>
              Start the lesson ({CHAPTERS.length} chapters)
            </button>
          </p>
        )}
        <Toolbar />
        <p className="status" data-testid="status" aria-live="polite">
          {status}
          {statusFraction !== null && (
            <>
              {' '}
              <progress max={1} value={statusFraction} data-testid="status-progress" aria-label={status} />{' '}
              {Math.round(statusFraction * 100)}%
            </>
          )}
        </p>
      </header>
      <Notices />
      {chapter ? (
        <main className="lesson-main">
          <LessonPanel />
          {/*
            A chapter with panels draws the RD plane alone and its panels beside it, so all of it fits a 1280×720
            projector.
          */}
          <div className={`plots${panels.length > 0 ? ' side' : ''}`} id="plots">
            <Views annotations={chapter.annotations} skew={panels.length === 0} />
            {panels.length > 0 && (
              <div className="lesson-panels">
                {panels.includes('figure2') && <Figure2 compact />}
                {panels.includes('mixture') && <MixturePanel />}
                {panels.includes('curves') && <TrainingCurves />}
                {panels.includes('images') && <ImagePanels />}
              </div>
            )}
          </div>
        </main>
      ) : (
        <>
          <main>
            <aside>
              <ObjectiveControls />
              <MetricsPanel />
              {!hideExport && <ExportPanel />}
            </aside>
            <div className="plots" id="plots">
              <Views />
              {dataset === 'toy' ? <Figure2 /> : <TrainingCurves />}
            </div>
          </main>
          {dataset !== 'toy' && datasetPanel}
        </>
      )}
      {chapter && (
        <aside className="lesson-controls">
          <ObjectiveControls />
          <MetricsPanel />
        </aside>
      )}
      <footer>
        Keys: Space play/pause · → one step · R reset
        {chapter ? ' · PageDown / N next chapter · PageUp / P back · Esc leave the lesson' : ''}
        {'. Every setting lives in the URL: copy it to share the experiment.'}
      </footer>
    </div>
  );
}
