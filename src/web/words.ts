/**
 * The web pages' words: the extension's own locale files (English and Swedish), chosen by the
 * language switch's cookie when set, else by the request's `Accept-Language` (quality values
 * respected; English when nothing matches).
 */
import en from '../../assets/_locales/en/messages.json' with { type: 'json' };
import sv from '../../assets/_locales/sv/messages.json' with { type: 'json' };
import { formatCount, type I18nApi, t, tPlural } from '../i18n/i18n.ts';
import { type MessageEntry, messagesI18n } from '../i18n/messages.ts';

export const LANGUAGES = ['en', 'sv'] as const;
export type Language = (typeof LANGUAGES)[number];

const APIS: Record<Language, I18nApi> = {
  en: messagesI18n(en as Record<string, MessageEntry>, 'en'),
  sv: messagesI18n(sv as Record<string, MessageEntry>, 'sv'),
};

/** The best of `LANGUAGES` for an `Accept-Language` header (RFC 9110 §12.5.4). */
export function pickLanguage(header: string | undefined): Language {
  let best: Language = 'en';
  let bestQ = 0;
  for (const part of (header ?? '').split(',').slice(0, 20)) {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const primary = range.split('-')[0];
    const lang = LANGUAGES.find((l) => l === primary);
    if (lang && q > bestQ) {
      best = lang;
      bestQ = q;
    }
  }
  return best;
}

/** The language switch's cookie (`/language/{lang}`). */
export const LANGUAGE_COOKIE = 'outloud_lang';

/** `value` when it names one of `LANGUAGES`, else undefined. */
export function asLanguage(value: string | undefined): Language | undefined {
  return LANGUAGES.find((l) => l === value);
}

/** A request's language: the switch's cookie, else the best of `Accept-Language`. */
export function requestLanguage(cookie: string | undefined, header: string | undefined): Language {
  return asLanguage(cookie) ?? pickLanguage(header);
}

/** The words of one language, bound: what a page renders with. */
export type Words = {
  lang: Language;
  t(key: string, substitutions?: string | string[]): string;
  /** A counted message (`key_one`, …) with the count formatted first among the substitutions. */
  count(key: string, n: number, more?: string[]): string;
  /** A time as this language writes it (UTC, the server knows no reader's zone). */
  time(iso: string): string;
};

const timeFormats = new Map<Language, Intl.DateTimeFormat>();

/** The bound words of `lang`. */
export function wordsFor(lang: Language): Words {
  const api = APIS[lang];
  let format = timeFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'UTC',
    });
    timeFormats.set(lang, format);
  }
  const dates = format;
  return {
    lang,
    t: (key, substitutions) => t(key, substitutions, api),
    count: (key, n, more = []) => tPlural(key, n, [formatCount(n, lang), ...more], api, lang),
    time: (iso) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : `${dates.format(date)} UTC`;
    },
  };
}
