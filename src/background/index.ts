/**
 * Background service worker (Chrome) / background script (Firefox). Registers every listener
 * synchronously at top level so an MV3 worker woken by an event finds them.
 */
import { getBrowser } from '../platform/browser.ts';

const browser = getBrowser();

browser.runtime.onInstalled.addListener((details) => {
  if (details.reason === 'install') {
    void browser.runtime.openOptionsPage();
  }
});

browser.runtime.onMessage.addListener((message: unknown) => {
  if (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === 'ping'
  ) {
    return Promise.resolve({ ok: true, value: 'pong' });
  }
  return undefined;
});
