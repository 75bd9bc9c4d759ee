/**
 * InfoVAE's Markov chain beside ancestral samples (Proposition 1): for the selected image model,
 * "Run chain" asks the worker for the frames; the view shows ancestral samples z ~ p(z) (frame 0)
 * next to the chain's step t, animated step by step (play/pause, slider). For L_AE, whose q(z)
 * was never fitted to p(z), the chain's samples look like digits while ancestral ones may not.
 * With a PixelCNN decoder the chain is 4 chains × 5 steps of binary samples (pixel by pixel).
 */
import { memo, useEffect, useMemo, useState } from 'react';
import { useController, useSession } from '../state/react';
import { ImageGridCanvas } from '../charts/ImageGridCanvas';
import { gridColumns } from '../lib/gridColumns';

/** Chain steps shown side by side in the strip (0 = ancestral). */
const STRIP_STEPS = [0, 1, 2, 3, 5, 10, 20];
/** ms per chain step while animating. */
export const CHAIN_FRAME_MS = 300;

/** Memoised: its props are strings and flags, so a report that re-renders its parent leaves it alone. */
export const ChainView = memo(function ChainView({
  id,
  label,
  autoregressive,
}: {
  id: string;
  label: string;
  autoregressive: boolean;
}) {
  const c = useController();
  const chain = useSession((s) => s.chains[id]);
  const [t, setT] = useState(0);
  const [playing, setPlaying] = useState(true);
  const [meanField, setMeanField] = useState(false);
  const last = chain ? chain.grid.columns - 1 : 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new chain is the trigger (restart from step 0), not read
  useEffect(() => {
    setT(0);
    setPlaying(true);
  }, [chain]);
  useEffect(() => {
    if (!chain || !playing) return;
    const timer = setInterval(() => setT((v) => (v >= last ? last : v + 1)), CHAIN_FRAME_MS);
    return () => clearInterval(timer);
  }, [chain, playing, last]);
  const shown = useMemo(() => (chain ? gridColumns(chain.grid, [0, Math.min(t, last)]) : null), [chain, t, last]);
  const stripCols = useMemo(() => STRIP_STEPS.filter((s) => s <= last), [last]);
  const strip = useMemo(() => (chain ? gridColumns(chain.grid, stripCols) : null), [chain, stripCols]);
  const [requested, setRequested] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new chain is the trigger (the request was answered)
  useEffect(() => setRequested(false), [chain]);
  return (
    <div className="chain-view" data-testid="chain-view">
      <p>
        {!autoregressive && (
          <label title="Feed the encoder the decoder's means instead of binary samples (no sampling noise)">
            <input
              type="checkbox"
              checked={meanField}
              onChange={(e) => setMeanField(e.target.checked)}
              data-testid="chain-mean-field"
            />{' '}
            means, not samples
          </label>
        )}{' '}
        <button
          type="button"
          data-testid="run-chain"
          disabled={requested}
          onClick={() => {
            setRequested(true);
            c.images.markovChain(id, meanField);
          }}
          title="InfoVAE Proposition 1: x ← d(x|z), z ← e(z|x), from ancestral codes"
        >
          {chain ? 'Run the Markov chain again' : 'Run the Markov chain x ← d(x|z), z ← e(z|x)'}
        </button>
        {requested && (
          <span role="status">
            {' '}
            running the chain{autoregressive ? ' (pixel by pixel: 4 chains × 5 steps, some seconds)' : ''}…
          </span>
        )}
        {chain && (
          <>
            {' '}
            <button type="button" onClick={() => setPlaying((p) => !p)} aria-pressed={playing}>
              {playing ? 'pause' : 'play'}
            </button>{' '}
            <label>
              step <span data-testid="chain-step">{Math.min(t, last)}</span> / {last}
              <input
                type="range"
                min={0}
                max={last}
                value={Math.min(t, last)}
                onChange={(e) => {
                  setPlaying(false);
                  setT(Number(e.target.value));
                }}
                aria-label="chain step"
              />
            </label>
          </>
        )}
      </p>
      <div className="chain-frames">
        {shown && (
          <ImageGridCanvas
            grid={shown}
            columnTitles={['z ~ p(z)', `chain step ${Math.min(t, last)}`]}
            label={
              `${label}: ancestral samples (left) and the Markov chain's samples at step ${Math.min(t, last)} ` +
              `(right), ${autoregressive ? 'binary samples' : 'decoder means'}`
            }
            testId="chain-grid"
          />
        )}
        {strip && (
          <ImageGridCanvas
            grid={strip}
            columnTitles={stripCols.map((s) => (s === 0 ? 'p(z)' : `t=${s}`))}
            label={`${label}: each chain at steps ${stripCols.join(', ')}`}
            testId="chain-strip"
          />
        )}
      </div>
    </div>
  );
});
