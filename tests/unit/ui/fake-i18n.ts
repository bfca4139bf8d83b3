/**
 * The browser's `i18n.getMessage` over the real `assets/_locales/en/messages.json`, with named
 * placeholders resolved as Chrome does, so component tests see the strings people see.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { I18nApi } from '../../../src/i18n/i18n.ts';

type Entry = { message: string; placeholders?: Record<string, { content: string }> };

export const MESSAGES = JSON.parse(
  readFileSync(
    path.join(
      path.dirname(fileURLToPath(import.meta.url)),
      '../../../assets/_locales/en/messages.json',
    ),
    'utf8',
  ),
) as Record<string, Entry>;

/** `getMessage` as Chrome implements it: `$NAME$` → placeholder content → `$1`… substitutions. */
export const fakeI18n: I18nApi = {
  getMessage(key, substitutions) {
    const entry = MESSAGES[key];
    if (!entry) return '';
    const subs = substitutions === undefined ? [] : [substitutions].flat();
    const withPlaceholders = entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) => {
      const content = entry.placeholders?.[name.toLowerCase()]?.content;
      return content ?? '';
    });
    return withPlaceholders.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
  },
};

/** Installs the fake as `globalThis.chrome.i18n`, which `t()` reads by default. */
export function installI18n(): void {
  (globalThis as { chrome?: unknown }).chrome = { i18n: fakeI18n };
}

/**
 * A string with its isolates written as braces, for expectations: `iso('as {Ann} (@{ann})')`
 * is `as \u2068Ann\u2069 (@\u2068ann\u2069)`, what `t()` makes of substituted values.
 */
export function iso(braced: string): string {
  return braced.replace(/\{/g, '\u2068').replace(/\}/g, '\u2069');
}
