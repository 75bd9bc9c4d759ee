/** Play / pause / step / reset, preset, family, seed, units, and the backend badge (BackendControls.tsx). */
import {
  FAMILIES,
  IMAGE_SOURCE_LABELS,
  PRESETS,
  PRESET_LABELS,
  presetDataset,
  type Family,
  type ImageSource,
  type PresetName,
} from '../lib/experiment';
import { useRef, useState } from 'react';
import { useController, useHidden, useSession, useSettings } from '../state/react';
import { SEED_MAX, SPEEDS } from '../state/url';
import { ImageDrop } from './ImageDrop';
import { VaeControls } from './VaeControls';
import { CommitNumber } from './CommitNumber';
import { BackendBadge, PoolSelect } from './BackendControls';

type DataChoice = 'toy' | 'gauss' | ImageSource;
const DATA_LABELS: Record<DataChoice, string> = {
  toy: 'toy (30 bins, Appendix E)',
  ...IMAGE_SOURCE_LABELS,
  gauss: 'two Gaussians (1-D, Lagrangian family §4.1)',
};
const DATA_CHOICES: DataChoice[] = ['toy', 'static-mnist', 'mnist', 'gauss', 'custom'];

const FAMILY_LABELS: Record<Family, string> = {
  tabular: 'tabular (free e, d, m)',
  smooth: 'smooth (Appendix E: e, d smooth in x)',
  'smooth-encoder': 'smooth encoder, free decoder (default)',
};

export function Toolbar() {
  const c = useController();
  const phase = useSession((s) => s.phase);
  const settings = useSettings((s) => s.settings);
  const units = useSettings((s) => s.units);
  const backendRequest = useSettings((s) => s.backend);
  const speed = useSettings((s) => s.speed);
  const startPaused = useSettings((s) => s.startPaused);
  const running = phase === 'running';
  const dataset = presetDataset(settings.preset);
  const dataChoice: DataChoice = dataset === 'mnist' ? settings.images : dataset;
  const openFiles = useRef<(() => void) | null>(null);
  const hide = {
    preset: useHidden('preset'),
    family: useHidden('family'),
    seed: useHidden('seed'),
    units: useHidden('units'),
    backend: useHidden('backend'),
  };
  const [copied, setCopied] = useState<string | null>(null);
  // Another tab owns this experiment's run: only it trains (the notice offers take over / a copy).
  const elsewhere = useSession((s) => s.ownership?.owned === false);
  const copyLink = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied('link copied');
    } catch {
      setCopied('copy failed: select the address bar and copy it');
    }
    setTimeout(() => setCopied(null), 2500);
  };
  return (
    <div className="toolbar" role="toolbar" aria-label="Training controls">
      <button
        type="button"
        data-testid="play-toggle"
        className="primary"
        onClick={() => c.togglePlay()}
        aria-pressed={running}
        disabled={elsewhere && !running}
        title={elsewhere ? 'This experiment trains in another tab' : 'Play / pause (Space)'}
      >
        {running ? 'Pause' : 'Play'}
      </button>
      <button
        type="button"
        data-testid="step-button"
        onClick={() => c.step(1)}
        disabled={elsewhere}
        title="One training step (→)"
      >
        Step
      </button>
      <button
        type="button"
        data-testid="reset-button"
        onClick={() => c.reset()}
        title="Re-initialise every model from the seed (R)"
      >
        Reset
      </button>
      {!hide.preset && (
        <label>
          Data
          <select
            data-testid="dataset-select"
            value={dataChoice}
            onChange={(e) => {
              const v = e.target.value as DataChoice;
              if (v === 'toy') c.setStructure({ preset: 'figure2' });
              else if (v === 'gauss') c.setStructure({ preset: 'two-gaussians' });
              else if (v === 'custom') openFiles.current?.();
              else
                c.setStructure({ images: v, ...(dataset !== 'mnist' ? { preset: 'mnist-beta-sweep' as const } : {}) });
            }}
          >
            {DATA_CHOICES.map((d) => (
              <option key={d} value={d}>
                {DATA_LABELS[d]}
              </option>
            ))}
          </select>
        </label>
      )}
      {!hide.preset && <ImageDrop openRef={(f) => (openFiles.current = f)} />}
      {!hide.preset && (
        <label>
          Preset
          <select
            data-testid="preset-select"
            value={settings.preset}
            onChange={(e) => c.setStructure({ preset: e.target.value as PresetName })}
          >
            {PRESETS.filter((p) => presetDataset(p) === dataset).map((p) => (
              <option key={p} value={p}>
                {PRESET_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
      )}
      {dataset === 'mnist' && <VaeControls />}
      {dataset === 'toy' && !hide.family && (
        <label>
          Family
          <select
            data-testid="family-select"
            value={settings.family}
            onChange={(e) => c.setStructure({ family: e.target.value as Family })}
          >
            {FAMILIES.map((f) => (
              <option key={f} value={f}>
                {FAMILY_LABELS[f]}
              </option>
            ))}
          </select>
        </label>
      )}
      {!hide.seed && (
        <label>
          Seed
          <CommitNumber
            data-testid="seed-input"
            integer
            min={0}
            max={SEED_MAX}
            step={1}
            value={settings.seed}
            onCommit={(v) => c.setStructure({ seed: v })}
          />
        </label>
      )}
      {!hide.units && (
        <label>
          Units
          <select
            data-testid="units-select"
            value={units}
            onChange={(e) => c.settings.getState().setUnits(e.target.value === 'bits' ? 'bits' : 'nats')}
          >
            <option value="nats">nats</option>
            <option value="bits">bits</option>
          </select>
        </label>
      )}
      <label title="Slow motion: at most this many training steps per second">
        Speed
        <select
          data-testid="speed-select"
          value={speed === null ? 'full' : String(speed)}
          onChange={(e) => c.setSpeed(e.target.value === 'full' ? null : Number(e.target.value))}
        >
          {SPEEDS.map((v) => (
            <option key={v} value={v}>
              {v} steps/s
            </option>
          ))}
          <option value="full">full speed</option>
        </select>
      </label>
      <label title="A copied link (and a reload) opens paused, so a class can start it together">
        <input
          data-testid="start-paused"
          type="checkbox"
          checked={startPaused}
          onChange={(e) => c.settings.getState().setView({ startPaused: e.target.checked })}
        />
        open paused
      </label>
      <button
        type="button"
        data-testid="copy-link"
        onClick={() => void copyLink()}
        title="Copy a link that restores this experiment"
      >
        Copy link
      </button>
      {copied && (
        <span className="copied" role="status">
          {copied}
        </span>
      )}
      <BackendBadge request={backendRequest} onChange={(b) => c.setBackend(b)} hideOverride={hide.backend} />
      {!hide.backend && <PoolSelect onChange={(n) => c.setPool(n)} />}
    </div>
  );
}
