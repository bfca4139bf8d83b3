/**
 * The demo organisation: a dozen people and what they did on real public pages (Wikipedia,
 * MDN, web.dev, Chrome for Developers). Quotes are sentences from those pages.
 */

export type DemoPerson = { handle: string; name: string };

export const DEMO_PEOPLE: DemoPerson[] = [
  { handle: 'ada', name: 'Ada Lindqvist' },
  { handle: 'bruno', name: 'Bruno Costa' },
  { handle: 'chen', name: 'Chen Wei' },
  { handle: 'dara', name: "Dara O'Neill" },
  { handle: 'elin', name: 'Elin Berg' },
  { handle: 'farid', name: 'Farid Haddad' },
  { handle: 'greta', name: 'Greta Nilsson' },
  { handle: 'hiro', name: 'Hiro Tanaka' },
  { handle: 'ines', name: 'Inês Almeida' },
  { handle: 'jonas', name: 'Jonas Weber' },
  { handle: 'kofi', name: 'Kofi Mensah' },
  { handle: 'lena', name: 'Lena Petrova' },
];

export type DemoBookmark = {
  by: string;
  url: string;
  title: string;
  description?: string;
  tags?: string[];
  visibility?: 'public' | 'private';
};

export const DEMO_BOOKMARKS: DemoBookmark[] = [
  {
    by: 'ada',
    url: "https://en.wikipedia.org/wiki/Conway's_law",
    title: "Conway's law - Wikipedia",
    description: 'Why our service boundaries look like our team boundaries.',
    tags: ['architecture', 'teams'],
  },
  {
    by: 'bruno',
    url: "https://en.wikipedia.org/wiki/Conway's_law",
    title: "Conway's law - Wikipedia",
    tags: ['org-design'],
  },
  {
    by: 'chen',
    url: 'https://developer.mozilla.org/en-US/docs/Web/API/IndexedDB_API',
    title: 'IndexedDB API - Web APIs | MDN',
    description: 'Reference for the offline store behind the extension.',
    tags: ['storage', 'offline'],
  },
  {
    by: 'dara',
    url: 'https://web.dev/articles/vitals',
    title: 'Web Vitals | web.dev',
    tags: ['performance'],
  },
  {
    by: 'elin',
    url: "https://en.wikipedia.org/wiki/Goodhart's_law",
    title: "Goodhart's law - Wikipedia",
    description: 'Worth rereading before the OKR planning.',
    tags: ['metrics'],
  },
  {
    by: 'farid',
    url: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/Caching',
    title: 'HTTP caching - MDN',
    tags: ['http', 'caching'],
  },
  {
    by: 'greta',
    url: "https://en.wikipedia.org/wiki/Brooks's_law",
    title: "Brooks's law - Wikipedia",
    tags: ['planning'],
  },
  {
    by: 'hiro',
    url: 'https://developer.chrome.com/docs/extensions/develop/migrate/what-is-mv3',
    title: 'Extensions / Manifest V3 | Chrome for Developers',
    tags: ['extensions'],
  },
  {
    by: 'ines',
    url: 'https://en.wikipedia.org/wiki/Rubber_duck_debugging',
    title: 'Rubber duck debugging - Wikipedia',
    tags: ['debugging'],
  },
  {
    by: 'jonas',
    url: 'https://developer.mozilla.org/en-US/docs/Web/API/CSS_Custom_Highlight_API',
    title: 'CSS Custom Highlight API - MDN',
    tags: ['css', 'extensions'],
  },
  {
    by: 'kofi',
    url: "https://en.wikipedia.org/wiki/Dunbar's_number",
    title: "Dunbar's number - Wikipedia",
    tags: ['teams'],
  },
  {
    by: 'lena',
    url: 'https://web.dev/articles/optimize-lcp',
    title: 'Optimize Largest Contentful Paint | web.dev',
    tags: ['performance'],
  },
  {
    by: 'ada',
    url: 'https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions',
    title: 'Browser extensions - MDN',
    tags: ['extensions'],
    visibility: 'private',
  },
];

export type DemoSnippet = {
  by: string;
  url: string;
  title: string;
  exact: string;
  comment: string;
};

export const DEMO_SNIPPETS: DemoSnippet[] = [
  {
    by: 'elin',
    url: "https://en.wikipedia.org/wiki/Goodhart's_law",
    title: "Goodhart's law - Wikipedia",
    exact: 'When a measure becomes a target, it ceases to be a good measure',
    comment: '@greta this is why I worry about the velocity dashboard.',
  },
  {
    by: 'greta',
    url: "https://en.wikipedia.org/wiki/Brooks's_law",
    title: "Brooks's law - Wikipedia",
    exact: 'adding manpower to a late software project makes it later',
    comment: 'Before we staff up the migration, read this. @jonas',
  },
  {
    by: 'chen',
    url: 'https://developer.mozilla.org/en-US/docs/Web/API/IndexedDB_API',
    title: 'IndexedDB API - Web APIs | MDN',
    exact:
      'IndexedDB is a low-level API for client-side storage of significant amounts of structured data',
    comment: 'Our outbox lives here.',
  },
  {
    by: 'bruno',
    url: "https://en.wikipedia.org/wiki/Conway's_law",
    title: "Conway's law - Wikipedia",
    exact: "copy of the organization's communication structure",
    comment: '@ada relevant for the platform team split.',
  },
];

export type DemoStatus = { by: string; text: string; url?: string; question?: boolean };

export const DEMO_STATUSES: DemoStatus[] = [
  {
    by: 'hiro',
    text: 'Moving our extension to Manifest V3 this sprint. Anyone solved long-lived timers without a background page? @jonas @chen',
    url: 'https://developer.chrome.com/docs/extensions/develop/migrate/what-is-mv3',
    question: true,
  },
  { by: 'dara', text: 'LCP on the docs site is down to 1.9 s after preloading the hero image.' },
  {
    by: 'kofi',
    text: 'Who knows our HTTP caching setup for the API gateway? @farid maybe?',
    question: true,
  },
  { by: 'lena', text: 'Writing up what we learned from the search relaunch. Drafts welcome.' },
  { by: 'ines', text: 'Pairing with the duck today. It asked all the right questions.' },
];

/** Comments: `on` is the index of a status (`s0`) or snippet (`n0`) above. */
export const DEMO_COMMENTS: Array<{ by: string; on: string; text: string }> = [
  {
    by: 'jonas',
    on: 's0',
    text: 'chrome.alarms plus state in storage.session works for us. Happy to pair.',
  },
  { by: 'chen', on: 's0', text: '@hiro we keep everything in IndexedDB and rebuild on wake.' },
  {
    by: 'farid',
    on: 's2',
    text: 'That is me. Cache-Control with stale-while-revalidate, I can walk you through it.',
  },
  { by: 'greta', on: 'n0', text: 'Agreed. Let us talk about it at the retro.' },
  { by: 'ada', on: 'n3', text: 'Yes, and the reverse manoeuvre too.' },
];

/** Likes: `on` as for comments. */
export const DEMO_LIKES: Array<{ by: string; on: string }> = [
  { by: 'ada', on: 's1' },
  { by: 'bruno', on: 's1' },
  { by: 'elin', on: 'n1' },
  { by: 'hiro', on: 'n2' },
  { by: 'kofi', on: 's3' },
  { by: 'lena', on: 'n0' },
  { by: 'dara', on: 's0' },
];
