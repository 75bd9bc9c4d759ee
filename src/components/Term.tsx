/** A term with its definition shown on hover and on keyboard focus (lib/definitions.ts). */
import { useId, type ReactNode } from 'react';
import { DEFINITIONS, type Term as TermName } from '../lib/definitions';

export function Term({ name, children }: { name: TermName; children: ReactNode }) {
  const id = useId();
  return (
    // The term takes focus so that keyboard users can open its definition (a role="tooltip" it is described by).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: focus is how the keyboard shows the definition (see above)
    <span className="term" tabIndex={0} aria-describedby={id} data-term={name}>
      {children}
      <span role="tooltip" id={id} className="term-def">
        {DEFINITIONS[name]}
      </span>
    </span>
  );
}
