/**
 * `getMessage` as browsers implement it, over a parsed `messages.json`: named placeholders
 * (`$NAME$`) become their content, then `$1`…`$9` the substitutions. The server's web pages
 * (`src/web`) read the extension's own locale files through it, so both speak the same words.
 */
import type { I18nApi } from './i18n.ts';

/** One entry of a `_locales/<lang>/messages.json`. */
export type MessageEntry = {
  message: string;
  placeholders?: Record<string, { content: string }>;
};

/** An `I18nApi` over `messages` in language `language`. */
export function messagesI18n(
  messages: Readonly<Record<string, MessageEntry>>,
  language: string,
): I18nApi {
  return {
    getMessage(key, substitutions) {
      const entry = Object.hasOwn(messages, key) ? messages[key] : undefined;
      if (!entry) return '';
      const subs = substitutions === undefined ? [] : [substitutions].flat();
      const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (_, name: string) => {
        const placeholders = entry.placeholders ?? {};
        const lower = name.toLowerCase();
        return Object.hasOwn(placeholders, lower) ? (placeholders[lower]?.content ?? '') : '';
      });
      // One pass, so a substituted value containing `$2` is never substituted again.
      return named.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
    },
    getUILanguage: () => language,
  };
}
