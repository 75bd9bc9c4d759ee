/**
 * Text with formulas: the parts between $…$ are typeset by KaTeX (bundled locally, fonts from
 * this origin), the rest is plain text. Bad TeX shows as its source in red, never as an error.
 */
import katex from 'katex';
import { useMemo } from 'react';

/** Split "a $x$ b" into text and TeX parts. */
export function splitTex(text: string): { tex: boolean; s: string }[] {
  return text
    .split('$')
    .map((s, i) => ({ tex: i % 2 === 1, s }))
    .filter((p) => p.s.length > 0);
}

export function Tex({ text }: { text: string }) {
  const parts = useMemo(
    () =>
      splitTex(text).map((p) =>
        p.tex
          ? { tex: true, html: katex.renderToString(p.s, { throwOnError: false, output: 'htmlAndMathml' }) }
          : { tex: false, html: p.s },
      ),
    [text],
  );
  return (
    <>
      {parts.map((p, i) =>
        p.tex ? (
          <span key={i} className="tex" dangerouslySetInnerHTML={{ __html: p.html }} />
        ) : (
          <span key={i}>{p.html}</span>
        ),
      )}
    </>
  );
}
