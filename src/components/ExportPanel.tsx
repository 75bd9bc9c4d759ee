/** The saved runs (SavedRuns) and export: trajectories as CSV / JSON, the planes as SVG / PNG. */
import { useRef, useState } from 'react';
import { MAX_RUN_FILE_CHARS } from '../lib/runFile';
import { dataEntropy } from '../state/selectors';
import { trajectoriesCsv, trajectoriesJson } from '../lib/exportFormats';
import { useController, useSession } from '../state/react';
import { downloadBlob, downloadText, svgPng, svgText } from '../dom/download';
import { SavedRuns } from './SavedRuns';
import { ImportedRuns } from './ImportedRuns';

const stamp = (): string => new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);

export function ExportPanel() {
  const c = useController();
  const [message, setMessage] = useState<string | null>(null);
  const run = (what: string, f: () => Promise<void>) => async (): Promise<void> => {
    try {
      await f();
      setMessage(null);
    } catch (e) {
      setMessage(`Could not export ${what}: ${(e as Error).message}`);
    }
  };
  const chart = (testId: string): SVGSVGElement => {
    const el = document.querySelector(`[data-testid=${testId}]`);
    if (!(el instanceof SVGSVGElement)) throw new Error('the chart is not on the page');
    return el;
  };
  const trajectories = (format: 'csv' | 'json') =>
    run(`trajectories as ${format.toUpperCase()}`, async () => {
      const histories = await c.saved.histories();
      const exp = c.currentExperiment;
      if (format === 'csv') downloadText(`rd-trajectories-${stamp()}.csv`, 'text/csv', trajectoriesCsv(exp, histories));
      else
        downloadText(
          `rd-trajectories-${stamp()}.json`,
          'application/json',
          JSON.stringify(
            trajectoriesJson(exp, dataEntropy(exp.dataset, c.session.getState().models).nats, histories),
            null,
            1,
          ),
        );
    });
  const image = (testId: string, name: string, format: 'svg' | 'png') =>
    run(`${name} as ${format.toUpperCase()}`, async () => {
      const svg = chart(testId);
      if (format === 'svg') downloadText(`${name}-${stamp()}.svg`, 'image/svg+xml', svgText(svg));
      else downloadBlob(`${name}-${stamp()}.png`, await svgPng(svg));
    });
  const grids = run('image grids as PNG', async () => {
    // The reconstruction and sample canvases on the page (selected and compared models), side by side.
    const canvases = Array.from(
      document.querySelectorAll<HTMLCanvasElement>('[data-testid=recon-grid], [data-testid=sample-grid]'),
    );
    if (canvases.length === 0) throw new Error('no image grids on the page yet');
    const gap = 8;
    const out = document.createElement('canvas');
    out.width = canvases.reduce((w, cv) => w + cv.width + gap, 0);
    out.height = Math.max(...canvases.map((cv) => cv.height));
    const ctx = out.getContext('2d');
    if (!ctx) throw new Error('no 2-D canvas');
    ctx.fillStyle = 'white';
    ctx.fillRect(0, 0, out.width, out.height);
    let x = 0;
    for (const cv of canvases) {
      ctx.drawImage(cv, x, 0);
      x += cv.width + gap;
    }
    const blob = await new Promise<Blob | null>((r) => out.toBlob(r, 'image/png'));
    if (!blob) throw new Error('the browser could not encode the PNG');
    downloadBlob(`image-grids-${stamp()}.png`, blob);
  });
  const hasGrids = useSession((s) => Object.keys(s.images).length > 0);
  const runFile = run('the run file', async () => {
    const text = await c.saved.exportFile();
    if (text === null) throw new Error('nothing is trained in this experiment');
    downloadText(`rd-run-${stamp()}.json`, 'application/json', text);
  });
  const importInput = useRef<HTMLInputElement>(null);
  const importFile = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    if (file.size > MAX_RUN_FILE_CHARS) {
      setMessage(`"${file.name}" was not imported: it is too large. Nothing was changed.`);
      return;
    }
    const error = await c.saved.importFile(await file.text());
    setMessage(error ? `"${file.name}" was not imported: ${error}. Nothing was changed.` : null);
  };
  return (
    <section className="export" aria-label="Saved runs and export">
      <SavedRuns />
      <h2>Export</h2>
      <div className="export-buttons">
        <button type="button" data-testid="export-csv" onClick={trajectories('csv')}>
          trajectories CSV
        </button>
        <button type="button" data-testid="export-json" onClick={trajectories('json')}>
          trajectories JSON
        </button>
        <button type="button" data-testid="export-rd-svg" onClick={image('rd-plane', 'rd-plane', 'svg')}>
          RD plane SVG
        </button>
        <button type="button" data-testid="export-rd-png" onClick={image('rd-plane', 'rd-plane', 'png')}>
          RD plane PNG
        </button>
        <button type="button" data-testid="export-skew-svg" onClick={image('skew-plane', 'skew-axes', 'svg')}>
          skew SVG
        </button>
        <button type="button" data-testid="export-skew-png" onClick={image('skew-plane', 'skew-axes', 'png')}>
          skew PNG
        </button>
        {hasGrids && (
          <button type="button" data-testid="export-grids-png" onClick={grids}>
            image grids PNG
          </button>
        )}
        <button
          type="button"
          data-testid="export-run"
          onClick={runFile}
          title="Settings, weights, optimiser state and histories of every model, as one file"
        >
          run file (weights + config)
        </button>
        <button type="button" data-testid="import-run" onClick={() => importInput.current?.click()}>
          Import run…
        </button>
        <input
          ref={importInput}
          data-testid="import-run-input"
          type="file"
          accept="application/json,.json"
          hidden
          onChange={(e) => {
            void importFile(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
      </div>
      {message && <p className="notice error">{message}</p>}
      <ImportedRuns />
    </section>
  );
}
