/** React access to the controller and its stores, with narrow selectors. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Controller } from '../state/controller';
import type { SessionState } from '../state/sessionStore';
import type { SettingsState } from '../state/settingsStore';
import type { ImportedRunsState } from '../state/importedRuns';
import type { Hideable } from '../state/url';

export const ControllerContext = createContext<Controller | null>(null);

export function useController(): Controller {
  const c = useContext(ControllerContext);
  if (!c) throw new Error('ControllerContext missing');
  return c;
}

export function useSession<T>(selector: (s: SessionState) => T): T {
  return useStore(useController().session, selector);
}

export function useImported<T>(selector: (s: ImportedRunsState) => T): T {
  return useStore(useController().imported, selector);
}

export function useSettings<T>(selector: (s: SettingsState) => T): T {
  return useStore(useController().settings, selector);
}

/** Whether a classroom link (?_hide=…) hides this control. */
export function useHidden(control: Hideable): boolean {
  return useSettings((s) => s.hidden.includes(control));
}
