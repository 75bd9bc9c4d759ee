/**
 * Runs imported from runner files (read-only: the page owns them, no worker trains them). Not
 * saved: they are the user's files, imported again after a reload.
 */
import { createStore } from 'zustand/vanilla';
import { parseRunLines, type ImportedRun } from '../lib/runLines';

export interface ImportedRunsState {
  runs: ImportedRun[];
  /** Import one file's text; an error message (nothing changed) or null. */
  add(fileName: string, text: string): string | null;
  remove(id: string): void;
}

export function createImportedRunsStore() {
  return createStore<ImportedRunsState>()((set, get) => ({
    runs: [],
    add(fileName, text) {
      const parsed = parseRunLines(fileName, text);
      if ('error' in parsed) return parsed.error;
      const taken = new Set(get().runs.map((r) => r.id));
      let id = `file:${fileName}`;
      for (let n = 2; taken.has(id); n++) id = `file:${fileName}#${n}`;
      set({ runs: [...get().runs, { ...parsed.run, id }] });
      return null;
    },
    remove(id) {
      set({ runs: get().runs.filter((r) => r.id !== id) });
    },
  }));
}

export type ImportedRunsStore = ReturnType<typeof createImportedRunsStore>;
