/**
 * A small diagram of the model, x → encoder e(z|x) → z → decoder d(x|z), with the marginal m(z),
 * that colours the parts each term of the objective in force acts on: D on e and d, R on e and m,
 * MMD on the aggregate code q(z) (through e) against m. Pure function of which terms are on.
 */
export interface DiagramTerms {
  distortion: boolean;
  rate: boolean;
  mmd: boolean;
}

const C = { d: '#0072B2', r: '#D55E00', mmd: '#009E73' } as const;

export function ModelDiagram({ terms, width = 320 }: { terms: DiagramTerms; width?: number }) {
  const box = (x: number, y: number, label: string, on: string[], testId: string) => (
    <g data-testid={testId} data-terms={on.join(' ')}>
      <rect
        x={x}
        y={y}
        width={66}
        height={26}
        rx={4}
        fill="#fff"
        stroke={on.length > 0 ? (on.length > 1 ? '#444' : (C as Record<string, string>)[on[0] as string]) : '#bbb'}
        strokeWidth={on.length > 0 ? 2.5 : 1}
      />
      {on.map((t, i) => (
        <rect key={t} x={x + 4 + i * 10} y={y + 30} width={8} height={4} fill={(C as Record<string, string>)[t]} />
      ))}
      <text x={x + 33} y={y + 17} textAnchor="middle" fontSize={12}>
        {label}
      </text>
    </g>
  );
  const on = (...ts: (keyof typeof C)[]) =>
    ts.filter((t) => (t === 'd' ? terms.distortion : t === 'r' ? terms.rate : terms.mmd));
  return (
    <svg
      viewBox="0 0 320 96"
      width={width}
      className="model-diagram"
      role="img"
      aria-label="The model and the parts the objective's terms act on"
      data-testid="model-diagram"
    >
      <defs>
        <marker id="md-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto">
          <path d="M0,0 L10,5 L0,10 Z" fill="#555" />
        </marker>
      </defs>
      <text x={8} y={62} fontSize={13}>
        x
      </text>
      <line x1={20} y1={58} x2={36} y2={58} stroke="#555" markerEnd="url(#md-arrow)" />
      {box(38, 45, 'e(z|x)', on('d', 'r', 'mmd'), 'diagram-encoder')}
      <line x1={106} y1={58} x2={140} y2={58} stroke="#555" markerEnd="url(#md-arrow)" />
      <text x={146} y={62} fontSize={13}>
        z
      </text>
      <line x1={158} y1={58} x2={190} y2={58} stroke="#555" markerEnd="url(#md-arrow)" />
      {box(192, 45, 'd(x|z)', on('d'), 'diagram-decoder')}
      <line x1={260} y1={58} x2={276} y2={58} stroke="#555" markerEnd="url(#md-arrow)" />
      <text x={280} y={62} fontSize={13}>
        x̂
      </text>
      {box(116, 4, 'm(z)', on('r', 'mmd'), 'diagram-marginal')}
      <line x1={150} y1={30} x2={150} y2={46} stroke="#999" strokeDasharray="3 2" />
      <g fontSize={10}>
        {terms.distortion && (
          <text x={8} y={92} fill={C.d}>
            D: e, d
          </text>
        )}
        {terms.rate && (
          <text x={70} y={92} fill={C.r}>
            R: e vs m
          </text>
        )}
        {terms.mmd && (
          <text x={150} y={92} fill={C.mmd}>
            MMD: q(z) vs m
          </text>
        )}
      </g>
    </svg>
  );
}
