/**
 * The one place that imports webextension-polyfill. Everything else receives the browser API
 * from here (entry points) or as a parameter (so unit tests can pass a fake).
 */
import browser from 'webextension-polyfill';

export type Browser = typeof browser;

export function getBrowser(): Browser {
  return browser;
}
