/**
 * `GET /v1/export/bookmarks.html` and `POST /v1/import/bookmarks`: the caller's bookmarks in
 * the Netscape bookmark file format every browser and bookmarking service reads and writes.
 */
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { ErrorBody, LIMITS } from '../../core/wire.ts';
import { ImportInput, ImportQuery, ImportSummary } from '../../core/wire-read.ts';
import { HttpError, invalid } from '../errors.ts';
import { exportBookmarks, importBookmarks } from '../handlers/transfer.ts';
import type { RouteApp } from './index.ts';
import { AUTH_ERRORS, contextOf } from './reply.ts';

/**
 * What the import route's body is once Fastify has validated it by its content type: the file
 * as text, or the JSON form. The type provider cannot type a body with a schema per content
 * type, so the handler narrows the body with this check instead of a cast; a request without a
 * `Content-Type` (no body schema applies) fails it.
 */
const importBody = Compile(Type.Union([Type.String({ maxLength: LIMITS.body }), ImportInput]));

/** Registers the import and export routes. */
export async function transferRoutes(app: RouteApp): Promise<void> {
  // The file itself may be posted as it is; JSON bodies keep Fastify's own parser.
  app.addContentTypeParser(
    'text/html',
    { parseAs: 'string', bodyLimit: LIMITS.body },
    (_request, body, done) => done(null, body),
  );

  app.get(
    '/v1/export/bookmarks.html',
    {
      schema: {
        summary: 'Export the caller’s bookmarks',
        description:
          'Every live bookmark of the caller, private ones included (marked `PRIVATE="1"`), ' +
          'oldest first, as a Netscape bookmark file (`text/html`) with `ADD_DATE`, ' +
          '`LAST_MODIFIED`, `TAGS` and descriptions as `<DD>`.',
        tags: ['transfer'],
        produces: ['text/html'],
        response: {
          200: {
            description: 'a Netscape bookmark file',
            content: { 'text/html': { schema: Type.String() } },
          },
          ...AUTH_ERRORS,
        },
      },
    },
    async (request, reply) => {
      const html = await exportBookmarks(contextOf(request));
      return reply
        .type('text/html; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="outloud-bookmarks-${request.user.handle}.html"`,
        )
        .send(html);
    },
  );

  app.post(
    '/v1/import/bookmarks',
    {
      schema: {
        summary: 'Import bookmarks from a Netscape bookmark file',
        description:
          'Body: the file itself as `text/html` or `text/plain` (options in the query), or JSON `{ html, ' +
          'visibility?, foldersAsTags? }`; at most 256 KiB. Each bookmark is created as `PUT ' +
          '/v1/bookmarks/{id}` would; a page the caller already bookmarked is counted as ' +
          '`existing` and left as it is, so importing the same file twice adds nothing. ' +
          'Bookmarks the file marks `PRIVATE` stay private; `visibility: private` makes all ' +
          'private. Non-web URLs (`javascript:`, `place:`, `file:`) and invalid ones are listed ' +
          'in `refused` with the reason; long titles, descriptions and tags are shortened. ' +
          `A file may hold at most ${LIMITS.importBookmarks} bookmarks (\`413\` otherwise, ` +
          'nothing written), and a person may import the server’s hourly allowance ' +
          `(\`OUTLOUD_IMPORT_LIMIT\`, default ${LIMITS.importPerHour}; \`429\` with ` +
          '`Retry-After` otherwise). Folders nested deeper than ' +
          `${LIMITS.folderDepth} levels are flattened and counted in \`flattenedFolders\`. ` +
          'The import runs in short slices, so the server keeps answering other requests.',
        tags: ['transfer'],
        querystring: ImportQuery,
        body: {
          content: {
            'text/html': { schema: Type.String({ maxLength: LIMITS.body }) },
            'text/plain': { schema: Type.String({ maxLength: LIMITS.body }) },
            'application/json': { schema: ImportInput },
          },
        },
        response: {
          200: ImportSummary,
          ...AUTH_ERRORS,
          413: ErrorBody,
          415: ErrorBody,
          429: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const body: unknown = request.body;
      if (!importBody.Check(body)) {
        throw invalid('body must be a bookmark file (text/html or text/plain) or JSON { html }');
      }
      const options =
        typeof body === 'string'
          ? request.query
          : { visibility: body.visibility, foldersAsTags: body.foldersAsTags };
      const html = typeof body === 'string' ? body : body.html;
      try {
        return await importBookmarks(contextOf(request), html, options, {
          maxBookmarks: LIMITS.importBookmarks,
          quota: app.importQuota,
        });
      } catch (error) {
        const retryAfter = error instanceof HttpError ? error.extra.retryAfter : undefined;
        if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
        throw error;
      }
    },
  );
}
