/**
 * What a resource handler gets and gives. Handlers are shared by the single routes and
 * `POST /v1/sync`, so each mutation is answered the same way through either; they validate
 * nothing the route schema already did, so sync validates with the same schemas first.
 */
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Db } from '../db/open.ts';
import type { UserRow } from '../db/schema.ts';
import { formatValidationErrors, HttpError } from '../errors.ts';
import { ILL_FORMED_MESSAGE, illFormedPath } from '../well-formed.ts';

export type HandlerContext = {
  db: Db;
  /** The caller. */
  user: UserRow;
  /**
   * True for writes that tell no webhook: an import of hundreds of old bookmarks is not news
   * for a chat channel (`webhooks/events.ts`).
   */
  quiet?: boolean;
  /**
   * `/v1/sync` with a `seq`: where this mutation stands in its device's outbox, which the
   * writing handlers check with `inOrder` (`order.ts`). Absent elsewhere.
   */
  order?: MutationOrder;
};

/** Where one `/v1/sync` mutation stands in its outbox (`order.ts`). */
export type MutationOrder = {
  /** The public id of the token the request came with (its device). */
  tokenId: string;
  /** The client's outbox id, '' when it sent none. */
  outbox: string;
  /** The mutation's position in that outbox. */
  seq: number;
};

/** A handler's answer: the status and the JSON body the route sends. */
export type Outcome = { status: number; body: unknown };

/** The current time as the database stores it. */
export function now(): string {
  return new Date().toISOString();
}

const compiled = new WeakMap<TSchema, ReturnType<typeof Compile>>();

/**
 * Checks `value` against `schema` exactly as the route's validator does (same TypeBox check,
 * same message naming the field, same refusal of text that cannot be stored as sent); throws a
 * 400 `HttpError` when it does not match.
 */
export function validate<T>(schema: TSchema, value: unknown, context: string): T {
  let check = compiled.get(schema);
  if (!check) {
    check = Compile(schema);
    compiled.set(schema, check);
  }
  if (check.Check(value)) {
    const path = illFormedPath(schema, value);
    if (path === undefined) return value as T;
    throw new HttpError(400, 'invalid', `${context}${path} ${ILL_FORMED_MESSAGE}`);
  }
  const error = formatValidationErrors([...check.Errors(value)], context);
  throw new HttpError(400, 'invalid', error.message);
}

/** True for a unique-constraint violation from SQLite or PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
