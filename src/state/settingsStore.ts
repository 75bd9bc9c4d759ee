/**
 * What the user sets: the experiment settings (mirrored in the URL), display units, backend
 * request, the selected model, and per-model objective edits made while training.
 */
import { createStore } from 'zustand/vanilla';
import { sanitizeObjective, type ObjectiveSettings } from '../math/objective';
import type { ExperimentSettings } from '../lib/experiment';
import type { BackendRequest } from '../worker/protocol';
import { DEFAULT_URL_STATE, type Units, type UrlState } from './url';

export interface SettingsData extends UrlState {
  /** Notices from parsing the URL (bad values replaced by defaults). */
  notices: string[];
  /** Runs hidden from the planes (view only; they keep training). */
  hiddenModels: string[];
  /** A second run shown beside the selected one (images and numbers), or null. */
  compareId: string | null;
}

export interface SettingsActions {
  setSettings(patch: Partial<ExperimentSettings>): void;
  setPrimaryObjective(objective: ObjectiveSettings): void;
  setUnits(units: Units): void;
  setBackend(backend: BackendRequest): void;
  select(id: string | null): void;
  addNotice(message: string): void;
  dismissNotice(i: number): void;
  toggleHidden(id: string): void;
  setCompare(id: string | null): void;
  /** What the page shows around the experiment: lesson chapter, hidden controls, speed, start paused, selection. */
  setView(patch: Partial<Pick<UrlState, 'lesson' | 'hidden' | 'speed' | 'startPaused' | 'selected' | 'pool'>>): void;
}

export type SettingsState = SettingsData & SettingsActions;

export function createSettingsStore(init: UrlState = DEFAULT_URL_STATE, notices: string[] = []) {
  return createStore<SettingsState>()((set, get) => ({
    ...init,
    notices,
    hiddenModels: [],
    compareId: null,
    toggleHidden: (id) =>
      set({
        hiddenModels: get().hiddenModels.includes(id)
          ? get().hiddenModels.filter((h) => h !== id)
          : [...get().hiddenModels, id],
      }),
    setCompare: (compareId) => set({ compareId }),
    setView: (patch) => set(patch),
    setSettings: (patch) => set({ settings: { ...get().settings, ...patch } }),
    setPrimaryObjective: (objective) =>
      set({ settings: { ...get().settings, objective: sanitizeObjective(objective) } }),
    setUnits: (units) => set({ units }),
    setBackend: (backend) => set({ backend }),
    select: (selected) => set({ selected }),
    addNotice: (message) => set({ notices: [...get().notices, message] }),
    dismissNotice: (i) => set({ notices: get().notices.filter((_, j) => j !== i) }),
  }));
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
