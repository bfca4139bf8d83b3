/**
 * The JSON body parser: Fastify's own (secure-json-parse, prototype poisoning refused) except
 * that an empty body is no body. Many HTTP clients send `Content-Type: application/json` on
 * every call, so a body-less `PUT /v1/likes/{id}` or `POST /v1/notifications/read` must not be
 * refused; a route that needs a body still answers `400` from its schema ("body must be object").
 */
import type { FastifyInstance } from 'fastify';

/** Replaces `app`'s `application/json` parser with one that reads an empty body as none. */
export function acceptEmptyJsonBodies(app: FastifyInstance, bodyLimit: number): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit },
    (request, body, done) => {
      if ((body as string).trim() === '') {
        done(null, undefined);
        return;
      }
      parseJson(request, body as string, done);
    },
  );
}
