/** `GET /v1/org`: the organisation's size, for the extension's choice of privacy mode. */
import { ErrorBody } from '../../core/wire.ts';
import { OrgSize } from '../../core/wire-read.ts';
import { orgSize } from '../repos/org.ts';
import type { RouteApp } from './index.ts';

/** Registers `/v1/org`. */
export async function orgRoutes(app: RouteApp): Promise<void> {
  app.get(
    '/v1/org',
    {
      schema: {
        summary: "The organisation's size and the range mode's prefix length",
        description:
          'How many pages (distinct pages with live public bookmarks, snippets or statuses), ' +
          'items (live public items, comments included) and people the organisation has; k ' +
          '(`bucketMinPages`, the server setting `OUTLOUD_BUCKET_MIN_PAGES`) and the urlKey ' +
          'prefix length a client in `range` mode must send to `GET /v1/pages?prefix=` so that ' +
          'every non-empty bucket holds at least k of those pages (0: send an empty prefix, ' +
          'which asks for every page). Computed from the page keys and cached: the counts for a ' +
          'minute, the prefix length for up to five minutes or until the page count moves by ' +
          'more than 10 %. `publicUrl` (when the server has one) is where permalinks live.',
        tags: ['pages'],
        response: { 200: OrgSize, 401: ErrorBody },
      },
    },
    async () => {
      const size = await orgSize(app.db, app.bucketMinPages);
      return app.publicUrl ? { ...size, publicUrl: app.publicUrl } : size;
    },
  );
}
