/**
 * The three routes of an item resource (`PUT`/`GET`/`DELETE /v1/<plural>/{id}`), wired to its
 * handlers; bookmarks, snippets, statuses and comments each call this with their schemas.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyRequest,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteGenericInterface,
} from 'fastify';
import type { TSchema } from 'typebox';
import { Deleted, ErrorBody } from '../../core/wire.ts';
import type { HandlerContext, Outcome } from '../handlers/context.ts';
import type { RouteApp } from './index.ts';
import { contextOf, IdParams, OBJECT_ERRORS, send } from './reply.ts';

/** The body a route with body schema `S` gets from the TypeBox type provider. */
type BodyOf<S extends TSchema> = FastifyRequest<
  RouteGenericInterface,
  RawServerDefault,
  RawRequestDefaultExpression,
  { body: S },
  TypeBoxTypeProvider
>['body'];

export type ItemResource<Input extends TSchema> = {
  plural: string;
  /** Singular, for summaries. */
  noun: string;
  input: Input;
  output: TSchema;
  put: (ctx: HandlerContext, id: string, input: BodyOf<Input>) => Promise<Outcome>;
  get: (ctx: HandlerContext, id: string) => Promise<Outcome>;
  delete: (ctx: HandlerContext, id: string) => Promise<Outcome>;
};

/** A route plugin for an item resource. */
export function itemRoutes<Input extends TSchema>(resource: ItemResource<Input>) {
  return async (app: RouteApp): Promise<void> => {
    const path = `/v1/${resource.plural}/:id`;
    const tags = [resource.plural];
    app.put(
      path,
      {
        schema: {
          summary: `Create or update a ${resource.noun} (idempotent)`,
          tags,
          params: IdParams,
          body: resource.input,
          response: {
            200: resource.output,
            201: resource.output,
            ...OBJECT_ERRORS,
            409: ErrorBody,
            410: ErrorBody,
          },
        },
      },
      async (request, reply) =>
        send(reply, await resource.put(contextOf(request), request.params.id, request.body)),
    );
    app.get(
      path,
      {
        schema: {
          summary: `One ${resource.noun} the caller can see`,
          tags,
          params: IdParams,
          response: { 200: resource.output, ...OBJECT_ERRORS },
        },
      },
      async (request, reply) =>
        send(reply, await resource.get(contextOf(request), request.params.id)),
    );
    app.delete(
      path,
      {
        schema: {
          summary: `Delete one of the caller's ${resource.plural} (idempotent)`,
          tags,
          params: IdParams,
          response: { 200: Deleted, ...OBJECT_ERRORS },
        },
      },
      async (request, reply) =>
        send(reply, await resource.delete(contextOf(request), request.params.id)),
    );
  };
}
