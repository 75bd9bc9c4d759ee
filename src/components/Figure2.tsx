/** Figure 2 panels for the models whose tables the worker sends (all three in the Figure 2 preset). */
import { useMemo } from 'react';
import { modelLabel } from '../state/selectors';
import { useThrottled } from '../dom/useThrottled';
import { toyProblem } from '../math/toyData';
import { toyFigureData } from '../math/toyMetrics';
import { useSession } from '../state/react';
import { modelColour } from '../charts/palette';
import { ModelPanels } from '../charts/ModelPanels';
import { tableView } from '../lib/tables';

/**
 * The Figure 2 panels redraw at most this often: they are heavier than the RD planes, and redrawing them twice as
 * often cost the page a visible share of its frame rate.
 */
export const FIGURE_REFRESH_MS = 1000;

/** compact: only each model's latent-space panel (the lesson's chapter 3, beside the RD plane). */
export function Figure2({ compact = false }: { compact?: boolean } = {}) {
  // Tables arrive with every report; the panels redraw at most FIGURE_REFRESH_MS apart.
  const tables = useThrottled(
    useSession((s) => s.tables),
    FIGURE_REFRESH_MS,
  );
  const order = useSession((s) => s.order);
  // Titles change only when an objective does: a string selector keeps the panels from redrawing with every report.
  const titles = useSession((s) =>
    s.order
      .map((id) => {
        const e = s.models[id];
        return e ? modelLabel(e.spec) : id;
      })
      .join('\n'),
  );
  const figures = useMemo(() => {
    const names = titles.split('\n');
    return order.flatMap((id, i) => {
      const t = tables[id];
      if (!t) return [];
      return [
        {
          id,
          title: names[i] ?? id,
          colour: modelColour(id, i, order.length),
          figure: toyFigureData(toyProblem(), tableView(t)),
        },
      ];
    });
  }, [tables, order, titles]);
  if (figures.length === 0) return null;
  return (
    <div className={`figure2${compact ? ' compact' : ''}`} role="group" aria-label="Figure 2 panels">
      {figures.map((f) => (
        <ModelPanels key={f.id} title={f.title} colour={f.colour} figure={f.figure} compact={compact} />
      ))}
    </div>
  );
}
