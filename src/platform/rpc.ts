/**
 * Typed calls to the background over `runtime.sendMessage`, for extension pages (`ui`
 * channel). Every answer is a `Reply`; `callUi` unwraps it and throws an `RpcError` carrying the
 * background's error code and message. (The content script's calls are `callBackground` in
 * `src/content/extension-api.ts`, which does without webextension-polyfill.)
 */
import type { Envelope, Reply, UiMethod, UiParamsOf, UiResults } from '../core/messages.ts';
import { t } from '../i18n/i18n.ts';
import { getBrowser } from './browser.ts';

export class RpcError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly params?: Record<string, string | number>,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

export type SendMessage = (message: Envelope) => Promise<unknown>;

const defaultSend: SendMessage = (message) => getBrowser().runtime.sendMessage(message);

function unwrap<T>(reply: unknown): T {
  const r = reply as Reply<T> | undefined;
  if (!r || typeof r !== 'object' || typeof r.ok !== 'boolean') {
    throw new RpcError('no-answer', t('pageNoAnswer'));
  }
  if (!r.ok) throw new RpcError(r.error.code, r.error.message, r.error.params);
  return r.value;
}

/** Calls a background method from an extension page. */
export async function callUi<M extends UiMethod>(
  method: M,
  params: UiParamsOf<M>,
  send: SendMessage = defaultSend,
): Promise<UiResults[M]> {
  return unwrap<UiResults[M]>(await send({ outloud: 1, channel: 'ui', method, params }));
}
