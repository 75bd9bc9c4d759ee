/**
 * The Figure 2 panels of one model: data space (p*(x), g(x), d(x)), latent space (m(z), e(z) split
 * by true class) and heat maps of e(z|x), d(x|z) and p(x'|x).
 */
import type { ToyFigureData } from '../math/toyMetrics';
import { CLASS_PRIOR } from '../math/toyData';
import { Heatmap } from './Heatmap';
import { SeriesPlot } from './SeriesPlot';

export const CLASS_COLOURS = ['#7b3294', '#e6b800'] as const;

export interface ModelPanelsProps {
  title: string;
  colour: string;
  figure: ToyFigureData;
  /** Only the latent-space panel, short (the lesson). */
  compact?: boolean;
}

export function ModelPanels({ title, colour, figure: f, compact = false }: ModelPanelsProps) {
  const n = f.marginal.length;
  const class0 = f.posteriorGivenClass[0].map((v) => v * CLASS_PRIOR[0]);
  const class1 = f.posteriorGivenClass[1].map((v) => v * CLASS_PRIOR[1]);
  const X = f.pData.length;
  return (
    <section className="model-panels" data-testid="figure2-panel" aria-label={`Figure 2 panels: ${title}`}>
      <h3 style={{ borderColor: colour }}>{title}</h3>
      {!compact && (
        <SeriesPlot
          title="data space: p*(x) · g(x) · d(x)"
          xLabel="x (30 bins on [−1, 1])"
          series={[
            { name: 'p*(x) true data', values: f.pData, colour: '#222', kind: 'line' },
            { name: 'g(x) = Σ m(z) d(x|z)', values: f.modelMarginal, colour: '#d62728', kind: 'line', dashed: true },
            { name: 'd(x): reconstructions', values: f.reconstruction, colour, kind: 'line' },
          ]}
        />
      )}
      <SeriesPlot
        title="latent space: e(z|z*=0) · e(z|z*=1) · m(z)"
        xLabel={`z (${n} values)`}
        series={[
          { name: '0.7·e(z | class 0)', values: class0, colour: CLASS_COLOURS[0], kind: 'area' },
          { name: '0.3·e(z | class 1)', values: class1, colour: CLASS_COLOURS[1], kind: 'area', base: class0 },
          { name: 'e(z) aggregate posterior', values: f.aggregatePosterior, colour: '#222', kind: 'line' },
          { name: 'm(z) marginal', values: f.marginal, colour: '#d62728', kind: 'line', dashed: true },
        ]}
        {...(compact ? { height: 110 } : {})}
      />
      {!compact && (
        <div className="heatmaps">
          <Heatmap title="e(z|x)" values={f.encoder} rows={X} cols={n} rowLabel="x" colLabel="z" size={96} />
          <Heatmap title="d(x|z)" values={f.decoder} rows={n} cols={X} rowLabel="z" colLabel="x" size={96} />
          <Heatmap
            title="p(x′|x)"
            values={f.reconstructionKernel}
            rows={X}
            cols={X}
            rowLabel="x"
            colLabel="x′"
            size={96}
          />
        </div>
      )}
    </section>
  );
}
