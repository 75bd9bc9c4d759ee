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
          ? {
              tex: true,
              html: katex.renderToString(p.s, { throwOnError: false, trust: false, output: 'htmlAndMathml' }),
            }
          : { tex: false, html: p.s },
      ),
    [text],
  );
  return (
    <>
      {parts.map((p, i) =>
        p.tex ? (
          // KaTeX's markup of TeX from our own strings (chapters, labels), rendered with trust: false, which refuses
          // the commands that would add links or raw HTML attributes (\href, \url, \htmlClass, …).
          // biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX output of our own TeX, trust: false (see above)
          <span key={i} className="tex" dangerouslySetInnerHTML={{ __html: p.html }} />
        ) : (
          <span key={i}>{p.html}</span>
        ),
      )}
    </>
  );
}
