/**
 * The browser's auth window (`identity.launchWebAuthFlow`, Chrome and Firefox) and what the
 * device name is made from, behind one small interface so the background's sign-in takes it as
 * a parameter and unit tests pass a fake that plays the browser's part.
 *
 * It runs in the background, not in the options page: the background is the one place that
 * talks to the server (the code exchange follows at once), the PKCE verifier never leaves it,
 * and a flow started from the popup would die with the popup, which closes as soon as the auth
 * window takes the focus. `launchWebAuthFlow` is available to extension pages and the
 * background only, never to content scripts.
 */
import type { BrowserFacts } from '../core/device-name.ts';
import type { Browser } from './browser.ts';

export interface Identity {
  /** The address the sign-in must end at: `https://<id>.chromiumapp.org/` (Chrome), `https://<hash>.extensions.allizom.org/` (Firefox). */
  redirectUrl(): string;
  /**
   * Opens `url` in the browser's auth window and resolves with the address it was redirected
   * to once it reaches `redirectUrl()`; rejects when the window is closed or does not load.
   */
  launch(url: string): Promise<string>;
  /** The browser and system, for the device name ("Chrome on Linux"). */
  browserFacts(): Promise<BrowserFacts>;
}

type UaData = { brands?: Array<{ brand: string }> };

/** The real implementation over webextension-polyfill. */
export function browserIdentity(browser: Browser): Identity {
  return {
    redirectUrl() {
      if (!browser.identity) throw new Error('This browser has no identity API.');
      return browser.identity.getRedirectURL();
    },
    async launch(url) {
      if (!browser.identity) throw new Error('This browser has no identity API.');
      const answer = await browser.identity.launchWebAuthFlow({ url, interactive: true });
      if (typeof answer !== 'string') throw new Error('The sign-in window gave no address.');
      return answer;
    },
    async browserFacts() {
      const [platform, info] = await Promise.all([
        browser.runtime.getPlatformInfo(),
        browser.runtime.getBrowserInfo?.().catch(() => null) ?? null,
      ]);
      const nav = globalThis.navigator as (Navigator & { userAgentData?: UaData }) | undefined;
      return {
        os: platform.os,
        browserInfoName: info?.name ?? null,
        brands: nav?.userAgentData?.brands?.map((b) => b.brand) ?? null,
        userAgent: nav?.userAgent ?? null,
      };
    },
  };
}
