/**
 * Typed calls to the background over `runtime.sendMessage`, for extension pages (`ui`
 * channel). Every answer is a `Reply`; `callUi` unwraps it (`unwrapReply`) and throws a
 * `CallError` carrying the background's error code and message. (The content script's calls are
 * `callBackground` in `src/content/extension-api.ts`, which does without webextension-polyfill.)
 */
import type { Envelope, UiMethod, UiParamsOf, UiResults } from '../core/messages.ts';
import { unwrapReply } from '../core/reply.ts';
import { t } from '../i18n/i18n.ts';
import { getBrowser } from './browser.ts';

export type SendMessage = (message: Envelope) => Promise<unknown>;

const defaultSend: SendMessage = (message) => getBrowser().runtime.sendMessage(message);

/** Calls a background method from an extension page. */
export async function callUi<M extends UiMethod>(
  method: M,
  params: UiParamsOf<M>,
  send: SendMessage = defaultSend,
): Promise<UiResults[M]> {
  const reply = await send({ outloud: 1, channel: 'ui', method, params });
  return unwrapReply<UiResults[M]>(reply, t('pageNoAnswer'));
}
