/** `PUT`/`GET`/`DELETE /v1/bookmarks/{id}`. */
import { Bookmark, BookmarkInput } from '../../core/wire.ts';
import { deleteBookmark, getBookmark, putBookmark } from '../handlers/bookmarks.ts';
import { itemRoutes } from './item-routes.ts';

/** Registers the bookmark routes. */
export const bookmarkRoutes = itemRoutes({
  plural: 'bookmarks',
  noun: 'bookmark',
  input: BookmarkInput,
  output: Bookmark,
  put: putBookmark,
  get: getBookmark,
  delete: deleteBookmark,
});
