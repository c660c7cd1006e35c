import { i18n } from './i18n';

/** A screen's texts in both languages, the same keys in each. */
export interface ScreenTexts<T extends Record<string, unknown> = Record<string, unknown>> {
  readonly de: T;
  readonly en: T;
}

/**
 * Adds a screen's texts under its own key (`t('<key>.…')`), so each screen keeps its texts beside its
 * code (`pages/<screen>/texts.ts`) instead of every screen editing de.json and en.json. Call it once at
 * the top of the screen's module.
 */
export function addTexts(key: string, texts: ScreenTexts): void {
  i18n.addResourceBundle('de', 'translation', { [key]: texts.de }, true, true);
  i18n.addResourceBundle('en', 'translation', { [key]: texts.en }, true, true);
}
