/**
 * The message router: receives `Envelope`s from `runtime.onMessage`, checks who sent them
 * (the `ui` channel only from this extension's own pages, the `content` channel only from this
 * extension's content scripts in a tab), validates `params` against the method's TypeBox schema
 * with `Value.Check` (no code generation: extension CSP forbids eval) and answers a `Reply`.
 * Every string in `params` is first made well-formed (`deepWellFormed`): the server refuses lone
 * surrogates and NUL, and an item queued with them would sit in the outbox as refused.
 */

import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { FailureCode, FailureParams } from '../core/failures.ts';
import {
  ContentParams,
  type ContentParamsOf,
  type ContentResults,
  type Reply,
  UiParams,
  type UiParamsOf,
  type UiResults,
} from '../core/messages.ts';
import { deepWellFormed } from '../core/well-formed.ts';
import { HandlerError } from './errors.ts';
import { trustedAddresses } from './page-scope.ts';

/** The parts of `runtime.MessageSender` the router looks at. */
export type Sender = {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
};

/**
 * Where a message came from, as the handlers see it: all from the browser's `sender`, never
 * from the message. `pages` are the addresses that may stand for the caller's page (see
 * `trustedAddresses`); a page-scoped method checks the address it was sent against them.
 */
export type Caller = {
  url: string | null;
  tabId: number | null;
  frameId: number | null;
  pages: string[];
};

export type UiHandlers = {
  [M in keyof UiResults]: (params: UiParamsOf<M>, caller: Caller) => Promise<UiResults[M]>;
};
export type ContentHandlers = {
  [M in keyof ContentResults]: (
    params: ContentParamsOf<M>,
    caller: Caller,
  ) => Promise<ContentResults[M]>;
};

export type RouterOptions = {
  /** `runtime.id`. */
  extensionId: string;
  /** `runtime.getURL('')`, e.g. `chrome-extension://<id>/`. */
  extensionOrigin: string;
  ui: UiHandlers;
  content: ContentHandlers;
  /** Reports unexpected handler failures (never with params: they may hold a token). */
  onError?: (method: string, err: unknown) => void;
};

function fail<C extends FailureCode>(
  code: C,
  message: string,
  params?: FailureParams[C],
): Reply<never> {
  // Always with parameters (none is `{}`): the pages put the code's words in the UI language.
  const values = (params ?? {}) as Record<string, string | number>;
  return { ok: false, error: { code, message, params: values } };
}

/** A readable account of why `params` does not fit `schema`, naming the field. */
export function describeInvalid(schema: TSchema, params: unknown): string {
  const errors = [...Value.Errors(schema, params)];
  const extra = errors.find((e) => e.keyword === 'additionalProperties');
  if (extra) {
    const names = (extra.params as { additionalProperties?: string[] }).additionalProperties ?? [];
    const where = extra.instancePath || 'params';
    return `${where}: unexpected field ${names.map((n) => `'${n}'`).join(', ')}`;
  }
  const first = errors.find((e) => e.keyword !== 'boolean') ?? errors[0];
  if (!first) return 'params: invalid';
  const field = first.instancePath ? first.instancePath.slice(1).replace(/\//g, '.') : 'params';
  return `${field}: ${first.message}`;
}

/** True when `sender` is one of this extension's own pages (popup, options, side panel). */
export function isExtensionPage(
  sender: Sender,
  opts: Pick<RouterOptions, 'extensionId' | 'extensionOrigin'>,
): boolean {
  return (
    sender.id === opts.extensionId &&
    typeof sender.url === 'string' &&
    sender.url.startsWith(opts.extensionOrigin)
  );
}

/** True when `sender` is this extension's content script in a web page tab. */
export function isContentScript(
  sender: Sender,
  opts: Pick<RouterOptions, 'extensionId' | 'extensionOrigin'>,
): boolean {
  return (
    sender.id === opts.extensionId &&
    sender.tab !== undefined &&
    typeof sender.url === 'string' &&
    !sender.url.startsWith(opts.extensionOrigin) &&
    /^https?:/i.test(sender.url)
  );
}

type Envelopeish = { outloud?: unknown; channel?: unknown; method?: unknown; params?: unknown };

/**
 * A `runtime.onMessage` listener: answers Outloud envelopes with a promise of a `Reply`, and
 * anything else with `undefined` (left for other listeners).
 */
export function createRouter(options: RouterOptions) {
  return (message: unknown, sender: Sender): Promise<Reply<unknown>> | undefined => {
    if (typeof message !== 'object' || message === null) return undefined;
    const m = message as Envelopeish;
    if (m.outloud !== 1) return undefined;
    return dispatch(options, m, sender);
  };
}

async function dispatch(
  options: RouterOptions,
  m: Envelopeish,
  sender: Sender,
): Promise<Reply<unknown>> {
  const method = typeof m.method === 'string' ? m.method : '';
  let schema: TSchema | undefined;
  let handler: ((params: never, caller: Caller) => Promise<unknown>) | undefined;
  if (m.channel === 'ui') {
    if (!isExtensionPage(sender, options)) {
      return fail('forbidden', 'Only Outloud’s own pages may call this.');
    }
    if (Object.hasOwn(UiParams, method)) {
      schema = UiParams[method as keyof typeof UiParams];
      handler = options.ui[method as keyof UiHandlers] as typeof handler;
    }
  } else if (m.channel === 'content') {
    if (!isContentScript(sender, options)) {
      return fail('forbidden', 'Only Outloud’s content script may call this.');
    }
    if (Object.hasOwn(ContentParams, method)) {
      schema = ContentParams[method as keyof typeof ContentParams];
      handler = options.content[method as keyof ContentHandlers] as typeof handler;
    }
  } else {
    return fail('invalid', 'channel: must be "ui" or "content"', {
      detail: 'channel: must be "ui" or "content"',
    });
  }
  if (!schema || !handler) {
    return fail('unknown-method', `No method '${method}' on this channel.`, {
      method: String(method).slice(0, 100),
    });
  }
  // User-supplied text (titles, descriptions, tags, comments, quotes, status text…) is made
  // storable before validation, so no handler ever writes text the server would refuse (400)
  // and leave refused in the outbox; validation then sees the lengths actually kept.
  const params = deepWellFormed(m.params ?? {});
  if (!Value.Check(schema, params)) {
    const detail = describeInvalid(schema, params);
    return fail('invalid', detail, { detail });
  }
  const caller: Caller = {
    url: sender.url ?? null,
    tabId: sender.tab?.id ?? null,
    frameId: sender.frameId ?? null,
    pages: trustedAddresses(sender),
  };
  try {
    return { ok: true, value: await handler(params as never, caller) };
  } catch (err) {
    if (err instanceof HandlerError) return fail(err.code, err.message, err.params);
    options.onError?.(method, err);
    const detail = err instanceof Error ? err.message : 'Something went wrong.';
    return fail('internal', detail, { detail });
  }
}
