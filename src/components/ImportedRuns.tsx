/**
 * Import runner files (`npm run rd -- … --out FILE`, JSON lines): pick or drop one or many; each
 * becomes a read-only model on the planes of its dataset, with its trajectory. A bad file gives a
 * message and changes nothing; the others of the same drop are still imported.
 */
import { useRef, useState } from 'react';
import { MAX_RUN_LINES_CHARS, onPlanesOf } from '../lib/runLines';
import { useController, useImported, useSession } from '../state/react';

export function ImportedRuns() {
  const c = useController();
  const runs = useImported((s) => s.runs);
  const dataset = useSession((s) => s.experiment?.dataset ?? 'toy');
  const input = useRef<HTMLInputElement>(null);
  const [messages, setMessages] = useState<string[]>([]);
  const [over, setOver] = useState(false);
  const importFiles = async (files: readonly File[]): Promise<void> => {
    const out: string[] = [];
    for (const f of files) {
      const error =
        f.size > MAX_RUN_LINES_CHARS ? 'it is too large' : c.imported.getState().add(f.name, await f.text());
      if (error) out.push(`"${f.name}" was not imported: ${error}. Nothing was changed.`);
    }
    setMessages(out);
  };
  return (
    <section
      className={`imported-runs${over ? ' drop-over' : ''}`}
      aria-label="Runs from runner files"
      data-testid="imported-runs"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void importFiles([...e.dataTransfer.files]);
      }}
    >
      <h2>Runner files</h2>
      <p className="hint">
        Drop or pick files written by <code>npm run rd -- … --out FILE</code>
        {': each is drawn read-only (grey ✱, with its path) on the planes of its dataset.'}
      </p>
      <button type="button" data-testid="import-lines" onClick={() => input.current?.click()}>
        Import runner files…
      </button>
      <input
        ref={input}
        data-testid="import-lines-input"
        type="file"
        multiple
        accept=".jsonl,.json,.txt,application/json"
        hidden
        onChange={(e) => {
          void importFiles([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      {messages.map((m, i) => (
        <p key={i} className="notice error" data-testid="import-lines-error">
          {m}
        </p>
      ))}
      {runs.length > 0 && (
        <ul className="saved-list">
          {runs.map((r) => {
            const last = r.points[r.points.length - 1];
            const where = onPlanesOf(r, dataset) ? '' : ', not on these planes';
            return (
              <li key={r.id} data-testid="imported-item">
                {r.label}{' '}
                <small>
                  ({r.dataset}
                  {where} · {r.points.length} points · step {last?.step} · R {last?.rateNats.toFixed(3)} · D{' '}
                  {last?.distortionNats.toFixed(3)} nats · code {r.code})
                </small>{' '}
                <button
                  type="button"
                  onClick={() => c.imported.getState().remove(r.id)}
                  aria-label={`remove ${r.label}`}
                >
                  remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
