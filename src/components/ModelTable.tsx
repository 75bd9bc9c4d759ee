/**
 * The table of models: R, D, −ELBO and the class information or held-out −ELBO of each (the selected one
 * highlighted, a click selects), with hide / compare / remove for image models. A dense frontier
 * lists an even sample of its models and the selected one.
 */
import { useController, useSession, useSettings } from '../state/react';
import { modelLabel } from '../state/selectors';
import { formatInfo } from '../charts/units';
import { isRateUnbounded } from '../lib/metrics';

export interface ModelTableProps {
  selectedId: string;
  /** Image models: each row has hide / compare / remove. */
  images: boolean;
}

export function ModelTable({ selectedId, images }: ModelTableProps) {
  const c = useController();
  const order = useSession((s) => s.order);
  const models = useSession((s) => s.models);
  const units = useSettings((s) => s.units);
  const hiddenModels = useSettings((s) => s.hiddenModels);
  const compareId = useSettings((s) => s.compareId);
  const m = models[selectedId]?.metrics;
  const f3 = (v: number | undefined): string => (v === undefined ? '—' : formatInfo(v, units, 3));
  return (
    <>
      <table className="model-table">
        <thead>
          <tr>
            <th>model</th>
            <th>R</th>
            <th>D</th>
            <th>−ELBO</th>
            <th>{m?.heldOut || m?.classInfoNats === undefined ? 'held-out −ELBO' : 'I(z;z*)'}</th>
          </tr>
        </thead>
        <tbody>
          {tableRows(order, selectedId).map((id) => {
            const e = models[id];
            if (!e) return null;
            return (
              <tr
                key={id}
                className={`${id === selectedId ? 'selected' : ''}${e.active ? '' : ' faulted'}`}
                onClick={() => c.selection.select(id)}
              >
                <td>
                  <button type="button" className="link" onClick={() => c.selection.select(id)}>
                    {modelLabel(e.spec)}
                  </button>
                  {!e.active && (
                    <span className="fault-tag" title="stopped: a value became NaN/Inf">
                      {' '}
                      stopped
                    </span>
                  )}
                  {images && (
                    // The span is no control: it keeps the row's click-to-select from firing under its buttons,
                    // which are the controls (each one focusable and pressed with Enter or space).
                    // biome-ignore lint/a11y/useKeyWithClickEvents: no control, only stops the row's click (see above)
                    // biome-ignore lint/a11y/noStaticElementInteractions: the same (see above)
                    <span className="model-actions" onClick={(ev) => ev.stopPropagation()}>
                      <button
                        type="button"
                        data-testid={`hide-${id}`}
                        aria-pressed={hiddenModels.includes(id)}
                        title="Hide / show on the planes (it keeps training)"
                        onClick={() => c.settings.getState().toggleHidden(id)}
                      >
                        {hiddenModels.includes(id) ? 'show' : 'hide'}
                      </button>
                      <button
                        type="button"
                        data-testid={`compare-${id}`}
                        aria-pressed={compareId === id}
                        title="Show beside the selected model"
                        onClick={() => c.selection.compare(compareId === id ? null : id)}
                      >
                        {compareId === id ? 'uncompare' : 'compare'}
                      </button>
                      <button
                        type="button"
                        data-testid={`remove-${id}`}
                        title="Stop and remove this model"
                        disabled={order.length <= 1}
                        onClick={() => c.images.removeModel(id)}
                      >
                        remove
                      </button>
                    </span>
                  )}
                </td>
                <td>
                  {e.metrics ? (
                    isRateUnbounded(e.metrics) ? (
                      <span
                        title={
                          'the encoder is (near-)deterministic; ' +
                          `batch R = ${formatInfo(e.metrics.rateNats, units, 3)}`
                        }
                      >
                        unbounded
                      </span>
                    ) : (
                      formatInfo(e.metrics.rateNats, units, 3)
                    )
                  ) : (
                    '—'
                  )}
                </td>
                <td>{e.metrics ? formatInfo(e.metrics.distortionNats, units, 3) : '—'}</td>
                <td>{e.metrics ? formatInfo(e.metrics.negElboNats, units, 3) : '—'}</td>
                <td>{f3(e.metrics?.classInfoNats ?? e.metrics?.heldOut?.heldOutNegElboNats)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {order.length > TABLE_ROWS && (
        <p className="hint" data-testid="table-sample">
          Showing {tableRows(order, selectedId).length} of {order.length.toLocaleString('en-US')} models (evenly spaced,
          and the selected one); click a point on the plane to select any model.
        </p>
      )}
    </>
  );
}

/** Rows the model table shows at most: a dense frontier lists an even sample and the selected model. */
const TABLE_ROWS = 48;

function tableRows(order: readonly string[], selectedId: string): string[] {
  if (order.length <= TABLE_ROWS) return [...order];
  const every = Math.ceil(order.length / 16);
  return order.filter((id, i) => i % every === 0 || i === order.length - 1 || id === selectedId);
}
