/** The real page environment: calls go to the background, tabs open through the browser API. */
import { getBrowser } from '../platform/browser.ts';
import { callUi } from '../platform/rpc.ts';
import type { PageEnv } from './env.ts';

/** Builds the environment an extension page runs in. */
export function browserEnv(): PageEnv {
  const browser = getBrowser();
  return {
    call: (method, params) => callUi(method, params),
    openTab(url) {
      void browser.tabs.create({ url });
    },
    openOptions() {
      void browser.runtime.openOptionsPage();
    },
  };
}
