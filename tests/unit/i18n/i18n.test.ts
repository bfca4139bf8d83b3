/**
 * English and Swedish are complete and agree: the same keys, the same placeholders, every key
 * the code names present in both, store texts within the store's limits, and no user-visible
 * text written straight into a component. Plurals, numbers, lists and dates follow the UI
 * language through `Intl`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAILURE_CODES } from '../../../src/core/failures.ts';
import type { RefusalCode } from '../../../src/core/import-entry.ts';
import { countedFailureText } from '../../../src/i18n/counted-failure.ts';
import { labelLinks, linkMarkLabel, pillLabels } from '../../../src/i18n/engagement-labels.ts';
import {
  failureKeys,
  failureText,
  formatCount,
  type I18nApi,
  t,
  tPlural,
  uiLocale,
} from '../../../src/i18n/i18n.ts';
import { absoluteTime, relativeTime } from '../../../src/ui/time.ts';
import { iso } from '../ui/fake-i18n.ts';
import { hardCodedText, literalKeys, ROOT, sourcesUnder } from './i18n-scan.ts';

type Entry = { message: string; placeholders?: Record<string, { content: string }> };
type Messages = Record<string, Entry>;

const load = (lang: string) =>
  JSON.parse(
    readFileSync(path.join(ROOT, 'assets/_locales', lang, 'messages.json'), 'utf8'),
  ) as Messages;
const LOCALES = { en: load('en'), sv: load('sv') };
const en = LOCALES.en;
const sv = LOCALES.sv;

/** `getMessage` as Chrome implements it, over one locale's messages. */
function i18nOf(messages: Messages, lang: string): I18nApi {
  return {
    getUILanguage: () => lang,
    getMessage(key, substitutions) {
      const entry = messages[key];
      if (!entry) return '';
      const subs = substitutions === undefined ? [] : [substitutions].flat();
      return entry.message
        .replace(
          /\$([A-Za-z0-9_]+)\$/g,
          (_, n: string) => entry.placeholders?.[n.toLowerCase()]?.content ?? '',
        )
        .replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
    },
  };
}

/** Named placeholders used in a message (`$COUNT$` → `count`) and positional ones (`$1`). */
function tokens(entry: Entry): string[] {
  const named = [...entry.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((m) => m[1]!.toLowerCase());
  const positional = [...entry.message.replace(/\$[A-Za-z0-9_]+\$/g, '').matchAll(/\$(\d)/g)];
  return [...named, ...positional.map((m) => `$${m[1]}`)].sort();
}

const UI_DIRS = ['src/popup', 'src/options', 'src/sidepanel', 'src/ui', 'src/content'];

/** Keys built at run time from a prefix and a known set of kinds. */
const REFUSALS: RefusalCode[] = ['not-http', 'too-long', 'invalid-url'];
const FAMILIES: Record<string, string[]> = {
  engagedKind_: ['bookmark', 'snippet', 'status', 'comment', 'like'],
  itemType_: ['bookmark', 'snippet', 'status', 'comment', 'like', 'follow'],
  lookupMode_: ['local', 'range', 'exact'],
  lookupModeHelp_: ['local', 'range', 'exact'],
  notificationVerb_: ['mention', 'comment', 'like'],
  feedVerb: ['Bookmark', 'Snippet', 'Status', 'Question', 'Comment'],
  importReason_: REFUSALS.map((c) => c.replace(/-/g, '_')),
  contentCount: ['Bookmarks', 'Snippets', 'Comments', 'Likes'],
};

/** Visible literals that are the same in every language (example addresses). */
const ALLOWED = new Set([
  'src/options/ConnectionSection.tsx attribute placeholder=https://outloud.example.org',
  'src/options/ExcludedSites.tsx attribute placeholder=bank.example.com',
]);

describe('locales', () => {
  it('have the same keys in English and Swedish, none empty', () => {
    expect(Object.keys(sv).sort()).toEqual(Object.keys(en).sort());
    for (const [lang, messages] of Object.entries(LOCALES)) {
      const empty = Object.entries(messages).filter(([, e]) => !e.message.trim());
      expect(empty.map(([k]) => `${lang}:${k}`)).toEqual([]);
    }
  });

  it('use the same placeholders in both languages, each one declared', () => {
    const differ = Object.keys(en).filter(
      (k) =>
        sv[k] &&
        (JSON.stringify(tokens(en[k]!)) !== JSON.stringify(tokens(sv[k]!)) ||
          JSON.stringify(en[k]!.placeholders ?? {}) !== JSON.stringify(sv[k]!.placeholders ?? {})),
    );
    expect(differ).toEqual([]);
    for (const messages of Object.values(LOCALES)) {
      const undeclared = Object.entries(messages).filter(([, e]) =>
        tokens(e).some((tok) => !tok.startsWith('$') && !e.placeholders?.[tok]),
      );
      expect(undeclared.map(([k]) => k)).toEqual([]);
    }
  });

  it('has a general form beside every plural form', () => {
    const orphans = Object.keys(en).filter(
      (k) => /_(zero|one|two|few|many)$/.test(k) && !en[k.replace(/_[a-z]+$/, '')],
    );
    expect(orphans).toEqual([]);
  });

  it('has every key the code names, in both languages', () => {
    const code = [
      ...[...UI_DIRS, 'src/background', 'src/platform'].flatMap(sourcesUnder),
      { file: 'manifest.json', code: readFileSync(path.join(ROOT, 'manifest.json'), 'utf8') },
      ...sourcesUnder('scripts').filter((s) => s.file === 'scripts/manifest.ts'),
    ];
    const keys = new Set(code.flatMap((s) => literalKeys(s.code)));
    for (const [prefix, kinds] of Object.entries(FAMILIES)) {
      for (const kind of kinds) keys.add(prefix + kind);
    }
    expect(keys.size).toBeGreaterThan(150);
    for (const messages of Object.values(LOCALES)) {
      expect([...keys].filter((k) => !messages[k])).toEqual([]);
    }
  });

  it('has words for every error code the background answers, in both languages', () => {
    expect(FAILURE_CODES.length).toBeGreaterThan(15);
    for (const code of FAILURE_CODES) {
      for (const [lang, messages] of Object.entries(LOCALES)) {
        const missing = failureKeys(code).filter((k) => !messages[k]);
        expect(missing.map((k) => `${lang}:${code}:${k}`)).toEqual([]);
      }
      const failure = { code, message: 'ENGLISH', params: { detail: 'd', method: 'm', total: 2 } };
      expect(countedFailureText(failure, i18nOf(sv, 'sv')), code).not.toContain('ENGLISH');
    }
  });

  it('keeps the store texts within the Chrome Web Store limits', () => {
    for (const messages of Object.values(LOCALES)) {
      expect(messages.extName!.message.length).toBeLessThanOrEqual(45);
      expect(messages.extDescription!.message.length).toBeLessThanOrEqual(132);
    }
  });
});

describe('en messages', () => {
  const code = ['src/popup', 'src/options', 'src/ui']
    .flatMap(sourcesUnder)
    .map((s) => s.code)
    .join('\n');

  it('has every literal key passed to t()', () => {
    const keys = [...code.matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)].map((m) => m[1]!);
    expect(keys.length).toBeGreaterThan(50);
    expect(keys.filter((k) => !en[k])).toEqual([]);
  });

  it('has every key built from a prefix and a known kind', () => {
    const families: Record<string, string[]> = {
      engagedKind_: ['bookmark', 'snippet', 'status', 'comment', 'like'],
      itemType_: ['bookmark', 'snippet', 'status', 'comment', 'like', 'follow'],
      lookupMode_: ['local', 'range', 'exact'],
      lookupModeHelp_: ['local', 'range', 'exact'],
      notificationVerb_: ['mention', 'comment', 'like'],
      feedVerb: ['Bookmark', 'Snippet', 'Status', 'Question', 'Comment'],
    };
    const missing = Object.entries(families).flatMap(([prefix, kinds]) =>
      kinds.map((k) => prefix + k).filter((key) => !en[key]),
    );
    expect(missing).toEqual([]);
  });

  it('declares every $PLACEHOLDER$ it uses', () => {
    const broken = Object.entries(en).filter(([, entry]) =>
      [...entry.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].some(
        (m) => !entry.placeholders?.[m[1]!.toLowerCase()],
      ),
    );
    expect(broken.map(([key]) => key)).toEqual([]);
  });
});

describe('components', () => {
  it('show no hard-coded text: every visible string comes from t()', () => {
    const findings = UI_DIRS.flatMap(sourcesUnder)
      .filter((s) => s.file.endsWith('.tsx'))
      .flatMap((s) => hardCodedText(s.file, s.code))
      .map((f) => `${f.file} ${f.kind} ${f.text}`)
      .filter((f) => !ALLOWED.has(f));
    expect(findings).toEqual([]);
  });

  it('the scanner finds text, visible attributes and literal children', () => {
    const source = `
      export function X({ n }: { n: number }) {
        const list = useState<Array<string>>([]);
        if (n > 2) return <p title="Hover text">Hello there</p>;
        return (
          <div aria-label={'Label'} class="muted" data-x="not visible">
            {'Child'} {n > 1 ? t('a') : t('b')} <span title={\`@\${n}\`}>{\`\${n}\`}</span>
          </div>
        );
      }`;
    expect(hardCodedText('x.tsx', source).map((f) => `${f.kind}:${f.text}`)).toEqual([
      'text:Hello there',
      'attribute:title=Hover text',
      'attribute:aria-label=Label',
      'child:Child',
    ]);
  });
});

/** The message keys of the fixed failures the table below checks. */
const FIXED: Record<string, string> = {
  excluded: 'failureExcluded',
  'signed-out': 'failureSignedOut',
  'not-found': 'failureNotFound',
  'invisible-tag': 'failureInvisibleTag',
  'page-mismatch': 'failurePageMismatch',
};

describe('formatting in the UI language', () => {
  const svI18n = i18nOf(sv, 'sv');
  const enI18n = i18nOf(en, 'en-GB');

  it('reads the language from i18n.getUILanguage', () => {
    expect(uiLocale(svI18n)).toBe('sv');
    expect(uiLocale({ getMessage: () => '', getUILanguage: () => 'en_GB' })).toBe('en-GB');
    expect(uiLocale({ getMessage: () => '', getUILanguage: () => '!!' })).toBe('en');
  });

  it('chooses the plural form by Intl.PluralRules', () => {
    const count = (i18n: I18nApi, n: number) =>
      tPlural('contentCountBookmarks', n, [formatCount(n, uiLocale(i18n))], i18n);
    expect(count(svI18n, 1)).toBe('1 bokmärke');
    expect(count(svI18n, 2)).toBe('2 bokmärken');
    expect(count(svI18n, 1500)).toBe('1\u00a0500 bokmärken');
    expect(count(enI18n, 1)).toBe('1 bookmark');
    expect(count(enI18n, 0)).toBe('0 bookmarks');
    expect(count(enI18n, 1500)).toBe('1,500 bookmarks');
    expect(t('syncFailedCount', ['3'], svI18n)).toBe('Servern tog inte emot 3 saker:');
  });

  const person = (name: string, inNetwork = true) => ({
    handle: name.toLowerCase(),
    name,
    inNetwork,
    kinds: ['bookmark'],
  });
  const none = { bookmarks: 0, snippets: 0, comments: 0, likes: 0 };

  it.each([
    ['en', [], none, 'Activity on this page', ''],
    ['en', [person('Ann')], { ...none, bookmarks: 1 }, iso('{Ann}'), '1 bookmark'],
    [
      'en',
      [person('Ann'), person('Bo')],
      { ...none, bookmarks: 2, likes: 1 },
      iso('{Ann} and {Bo}'),
      '2 bookmarks · 1 like',
    ],
    [
      'en',
      [person('Cy', false), person('Ann'), person('Bo'), person('Di', false)],
      { bookmarks: 1, snippets: 3, comments: 1500, likes: 0 },
      iso('{{Ann}, {Bo}} and 2 others'),
      '1 bookmark · 3 snippets · 1,500 comments',
    ],
    ['en', [person('Ann'), person('Bo'), person('Cy')], none, iso('{{Ann}, {Bo}} and 1 other'), ''],
    [
      'sv',
      [person('Ann'), person('Bo')],
      { ...none, snippets: 1 },
      iso('{Ann} och {Bo}'),
      '1 citat',
    ],
    [
      'sv',
      [person('Ann'), person('Bo'), person('Cy'), person('Di')],
      { ...none, likes: 2 },
      iso('{{Ann}, {Bo}} och 2 till'),
      '2 gilla-markeringar',
    ],
  ] as const)('writes the pill in %s for %j', (lang, people, counts, who, howMuch) => {
    const i18n = lang === 'sv' ? svI18n : enI18n;
    expect(pillLabels({ people: [...people], counts }, i18n)).toEqual({
      people: who,
      counts: howMuch,
    });
  });

  it('writes link marks in the UI language, the name or else the handle', () => {
    const people = [
      { handle: 'ann', name: 'Ann' },
      { handle: 'bo', name: '' },
    ];
    expect(labelLinks({ 'https://a.example/': { count: 2, people } }, enI18n)).toEqual({
      'https://a.example/': {
        count: 2,
        people,
        label: iso('2 from your network: {{Ann} and {bo}}'),
      },
    });
    expect(linkMarkLabel({ count: 1200, people: people.slice(0, 1) }, svI18n)).toBe(
      sv.contentLinkMark!.message.replace('$1', '1\u00a0200').replace('$2', iso('{{Ann}}')),
    );
    expect(labelLinks({}, enI18n)).toEqual({});
  });

  it.each([
    ['excluded', 'Outloud is off on this site.', 'Outloud är avstängt på den här webbplatsen.'],
    ['signed-out', 'any words', 'Logga in i Outloud först (på dess inställningssida).'],
    [
      'not-found',
      'That comment is not yours…',
      'Det är inte ditt, eller så finns det inte längre.',
    ],
    [
      'invisible-tag',
      'tags.0: a tag needs at least one visible character…',
      'En tagg behöver minst ett synligt tecken (inte bara mellanslag, nollbreddstecken eller riktningsmarkeringar).',
    ],
    [
      'page-mismatch',
      'The address sent is not the page this request came from.',
      'Sidan bytte adress under tiden. Ladda om den och försök igen.',
    ],
  ])('puts a %s failure in the UI language', (code, given, swedish) => {
    expect(failureText({ code, message: given }, svI18n)).toBe(swedish);
    expect(failureText({ code, message: given }, enI18n)).toBe(en[FIXED[code]!]!.message);
  });

  it('puts codes with parameters in the UI language: too-long, invalid-url, a server reason', () => {
    expect(
      failureText(
        { code: 'too-long', message: 'This address cannot be saved: x.', params: {} },
        svI18n,
      ),
    ).toBe('Adressen är för lång för att sparas.');
    expect(failureText({ code: 'invalid-url', message: 'x', params: {} }, svI18n)).toBe(
      sv.failureInvalidUrl!.message,
    );
    const given = {
      code: 'unauthorized',
      message: 'The server refused this token: revoked',
      params: { detail: 'revoked' },
    };
    expect(failureText(given, svI18n)).toBe(iso('Servern godtog inte den här token: {revoked}'));
    expect(failureText(given, enI18n)).toBe(iso('The server refused this token: {revoked}'));
  });

  it('counts a pending refusal in the UI language, the plural chosen there', () => {
    const pending = (total: number, refused: number, reason: string) => ({
      code: 'pending',
      message: 'pending',
      params: { total, refused, reason },
    });
    expect(countedFailureText(pending(1, 0, 'sign-out'), enI18n)).toBe(
      '1 change has not reached the server yet. Signing out now would discard it.',
    );
    // The overlay's failureText leaves counting (Intl) to the extension pages.
    expect(failureText(pending(1, 0, 'sign-out'), enI18n)).toBe('pending');
    expect(countedFailureText(pending(3, 1, 'switch'), svI18n)).toBe(
      `${sv.pendingSwitch!.message.replace('$COUNT$', '3')} ${sv.pendingRefused!.message.replace('$COUNT$', '1')}`,
    );
  });

  it('shows a failure that is not the background’s as given', () => {
    expect(failureText({ code: 'error', message: 'as given' }, svI18n)).toBe('as given');
    expect(failureText({ code: 'excluded', message: 'as given' }, undefined)).toBe('as given');
  });

  it('writes dates in the UI language', () => {
    const now = Date.parse('2025-06-02T12:00:00Z');
    expect(relativeTime('2025-06-01T12:00:00Z', now, 'sv')).toBe('i går');
    expect(relativeTime('2025-06-01T12:00:00Z', now, 'en')).toBe('yesterday');
    expect(absoluteTime('2025-06-01T12:00:00Z', 'sv')).toMatch(/^1 juni 2025/);
  });
});
