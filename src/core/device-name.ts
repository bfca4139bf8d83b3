/**
 * The name a sign-in gives this browser on the server ("Chrome on Linux"), listed under "Your
 * devices" wherever the person signs in. Like a computer's name it is data, not UI text: the
 * same English words whatever language the browser speaks, so every device reads alike in the
 * list; no bidi marks or translated words end up stored on the server.
 */

/** What the browser tells about itself (`runtime.getPlatformInfo`, `getBrowserInfo`, UA). */
export type BrowserFacts = {
  /** `runtime.getPlatformInfo().os`: `mac`, `win`, `linux`, `cros`, `android`, `openbsd`, … */
  os: string;
  /** Firefox's `runtime.getBrowserInfo().name` (`Firefox`), where the browser has it. */
  browserInfoName?: string | null;
  /** `navigator.userAgentData.brands` names (Chromium browsers), where present. */
  brands?: readonly string[] | null;
  /** `navigator.userAgent`, the fallback for the browser's name. */
  userAgent?: string | null;
};

const OS_NAMES: Readonly<Record<string, string>> = {
  mac: 'macOS',
  win: 'Windows',
  linux: 'Linux',
  cros: 'ChromeOS',
  android: 'Android',
  openbsd: 'OpenBSD',
  fuchsia: 'Fuchsia',
  ios: 'iOS',
};

/** Brand names as `userAgentData` spells them, and how the device list names them. */
const BRANDS: ReadonlyArray<readonly [string, string]> = [
  ['Microsoft Edge', 'Edge'],
  ['Opera', 'Opera'],
  ['Brave', 'Brave'],
  ['Vivaldi', 'Vivaldi'],
  ['Google Chrome', 'Chrome'],
  ['Chromium', 'Chromium'],
];

/** User-agent tokens, most specific first (Edge and Opera also say "Chrome"). */
const UA_TOKENS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bFirefox\//, 'Firefox'],
  [/\bEdg\//, 'Edge'],
  [/\bOPR\//, 'Opera'],
  [/\bVivaldi\//, 'Vivaldi'],
  [/\bChromium\//, 'Chromium'],
  [/\bChrome\//, 'Chrome'],
];

/** The browser's name: Firefox's own answer, else the most specific brand, else the UA. */
export function browserName(facts: BrowserFacts): string {
  if (facts.browserInfoName) return facts.browserInfoName;
  const brands = facts.brands ?? [];
  for (const [brand, name] of BRANDS) if (brands.includes(brand)) return name;
  const ua = facts.userAgent ?? '';
  for (const [token, name] of UA_TOKENS) if (token.test(ua)) return name;
  return 'Browser';
}

/** The operating system's name, or the platform's own word when it is one we do not know. */
export function osName(os: string): string {
  return OS_NAMES[os] ?? (os ? os : 'unknown system');
}

/** "Chrome on Linux": at most 100 characters, as the server's device name allows. */
export function deviceName(facts: BrowserFacts): string {
  return `${browserName(facts)} on ${osName(facts.os)}`.slice(0, 100);
}
