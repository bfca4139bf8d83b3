/**
 * HTTP errors and the one central error handler: every failure leaves the server as
 * `{ error: { code, message } }` with the right status; validation errors name the field; 5xx
 * details are logged, never sent.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { INVISIBLE_TAG_MESSAGE, VISIBLE_PATTERN } from '../core/tags.ts';

export type ErrorCode =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'duplicate'
  | 'gone'
  | 'conflict'
  | 'too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'invalid_grant'
  | 'token_expired'
  | 'internal'
  | 'unavailable';

/** An error a handler throws on purpose; `extra` fields join `code` and `message`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }

  /** The JSON body for this error. */
  body(): { error: { code: string; message: string } & Record<string, unknown> } {
    return { error: { code: this.code, message: this.message, ...this.extra } };
  }
}

export const invalid = (message: string) => new HttpError(400, 'invalid', message);
export const notFound = (message = 'not found') => new HttpError(404, 'not_found', message);
export const forbidden = (message = 'forbidden') => new HttpError(403, 'forbidden', message);

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  410: 'gone',
  413: 'too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** Maps any thrown value to a status and body, as the error handler and `/v1/sync` answer. */
export function errorResponse(error: unknown): {
  status: number;
  body: ReturnType<HttpError['body']>;
} {
  if (error instanceof HttpError) return { status: error.status, body: error.body() };
  const fe = error as Partial<FastifyError>;
  if (fe.validation) {
    return {
      status: 400,
      body: { error: { code: 'invalid', message: fe.message ?? 'invalid request' } },
    };
  }
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code = CODE_BY_STATUS[status] ?? 'invalid';
    return { status, body: { error: { code, message: fe.message ?? code } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'internal server error' } } };
}

/** Installs the central error and not-found handlers on `app`. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = errorResponse(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url}` } }),
  );
}

/** Patterns whose failure has words a person understands better than the pattern itself. */
const PATTERN_MESSAGES: ReadonlyMap<string, string> = new Map([
  [VISIBLE_PATTERN, INVISIBLE_TAG_MESSAGE],
]);

/**
 * Formats schema validation errors as one message naming the field, e.g.
 * `body/url must match pattern "^https?://"`.
 */
export function formatValidationErrors(
  errors: ReadonlyArray<{
    instancePath?: string;
    message?: string;
    keyword?: string;
    params?: unknown;
  }>,
  context: string,
): Error {
  const useful = errors.filter((e) => e.keyword !== 'boolean');
  const first = useful[0] ?? errors[0];
  let message = 'is invalid';
  let where = context;
  if (first) {
    where = `${context}${first.instancePath ?? ''}`;
    message = first.message ?? message;
    const extra = (first.params as { additionalProperties?: string[] } | undefined)
      ?.additionalProperties;
    if (first.keyword === 'additionalProperties' && extra?.length) {
      message = `must not have the property ${extra.join(', ')}`;
    }
    const pattern = (first.params as { pattern?: unknown } | undefined)?.pattern;
    if (first.keyword === 'pattern' && typeof pattern === 'string') {
      message = PATTERN_MESSAGES.get(pattern) ?? message;
    }
    const required = (first.params as { requiredProperties?: string[] } | undefined)
      ?.requiredProperties;
    if (first.keyword === 'required' && required?.length) {
      message = `must have the property ${required.join(', ')}`;
    }
  }
  return new Error(`${where} ${message}`);
}
