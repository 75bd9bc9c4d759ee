/** The URL follows the settings: written once they have been still for a moment, so a drag writes once. */
import type { SettingsStore } from './settingsStore';

/** How long the settings must be still before the URL is written, by default (ms). */
export const URL_DELAY_MS = 250;

/** Call `write` whenever the settings have been still for `delayMs` (0: after every change). */
export function writeWhenStill(settings: SettingsStore, write: () => void, delayMs = URL_DELAY_MS): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  settings.subscribe(() => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (delayMs <= 0) write();
    else
      timer = setTimeout(() => {
        timer = null;
        write();
      }, delayMs);
  });
}
