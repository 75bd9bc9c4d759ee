/** Figure 2 panels for the models whose tables the worker sends (all three in the Figure 2 preset). */
import { useMemo } from 'react';
import { modelLabel } from '../state/selectors';
import { useThrottled } from '../dom/useThrottled';
import { toyProblem } from '../math/toyData';
import { toyFigureData } from '../math/toyMetrics';
import { useRun } from '../state/react';
import { modelColour } from '../charts/palette';
import { ModelPanels } from '../charts/ModelPanels';
import { tableView } from '../lib/tables';

/** The Figure 2 panels redraw at most this often (they are heavier than the RD planes). */
export const FIGURE_REFRESH_MS = 500;

export function Figure2() {
  // Tables arrive with every report; the panels redraw at most FIGURE_REFRESH_MS apart.
  const tables = useThrottled(useRun((s) => s.tables), FIGURE_REFRESH_MS);
  const order = useRun((s) => s.order);
  const models = useRun((s) => s.models);
  const figures = useMemo(
    () =>
      order.flatMap((id, i) => {
        const t = tables[id];
        const e = models[id];
        if (!t || !e) return [];
        return [{ id, title: modelLabel(e.spec), colour: modelColour(id, i, order.length), figure: toyFigureData(toyProblem(), tableView(t)) }];
      }),
    [tables, order, models],
  );
  if (figures.length === 0) return null;
  return (
    <div className="figure2" aria-label="Figure 2 panels">
      {figures.map((f) => (
        <ModelPanels key={f.id} title={f.title} colour={f.colour} figure={f.figure} />
      ))}
    </div>
  );
}
