/** Glue between routes and handlers: the handler context of a request, and sending an outcome. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ErrorBody, Handle, Id } from '../../core/wire.ts';
import type { HandlerContext, Outcome } from '../handlers/context.ts';

/** The handler context for an authenticated request. */
export function contextOf(request: FastifyRequest): HandlerContext {
  return { db: request.server.db, user: request.user };
}

/** Sends a handler's outcome. */
export function send(reply: FastifyReply, outcome: Outcome): FastifyReply {
  return reply.code(outcome.status).send(outcome.body);
}

export const IdParams = Type.Object({ id: Id });
export const TargetParams = Type.Object({ targetId: Id });
export const HandleParams = Type.Object({ handle: Handle });

/** Error answers every authenticated route may give, for the OpenAPI document. */
export const AUTH_ERRORS = { 400: ErrorBody, 401: ErrorBody, 429: ErrorBody } as const;
/** Error answers of routes on one object. */
export const OBJECT_ERRORS = { ...AUTH_ERRORS, 403: ErrorBody, 404: ErrorBody } as const;
