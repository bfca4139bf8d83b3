/**
 * The content script's access to the extension APIs, without webextension-polyfill: the script
 * runs on every page, and loading the polyfill there costs measurable main-thread time at each
 * page load (see BENCHMARKS.md). In Manifest V3 both browsers' native APIs return promises:
 * Firefox's `browser` namespace, and Chrome's `chrome` (which Firefox also provides).
 * Calls use the same envelope and `unwrapReply` as the pages' `callUi` in `src/platform/rpc.ts`,
 * on the `content` channel.
 */
import type { ContentMethod, ContentParamsOf, ContentResults, Envelope } from '../core/messages.ts';
import { unwrapReply } from '../core/reply.ts';
import { t } from '../i18n/i18n.ts';
import type { LocalStorage } from './context.ts';

type Api = typeof chrome;

/** The browser's own extension API object. */
export function extensionApi(): Api {
  return (globalThis as { browser?: Api }).browser ?? chrome;
}

/** Calls a background method over `runtime.sendMessage` and unwraps its `Reply`. */
export async function callBackground<M extends ContentMethod>(
  method: M,
  params: ContentParamsOf<M>,
  api: Api = extensionApi(),
): Promise<ContentResults[M]> {
  const envelope: Envelope = { outloud: 1, channel: 'content', method, params };
  return unwrapReply(await api.runtime.sendMessage(envelope), t('contentNoAnswer'));
}

/** `storage.local` as the content script uses it. */
export function localStorageOf(api: Api = extensionApi()): LocalStorage {
  return {
    get: (key) => api.storage.local.get(key),
    set: (items) => api.storage.local.set(items),
  };
}
