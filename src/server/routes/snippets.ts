/** `PUT`/`GET`/`DELETE /v1/snippets/{id}`. */
import { Snippet, SnippetInput } from '../../core/wire.ts';
import { deleteSnippet, getSnippet, putSnippet } from '../handlers/snippets.ts';
import { itemRoutes } from './item-routes.ts';

/** Registers the snippet routes. */
export const snippetRoutes = itemRoutes({
  plural: 'snippets',
  noun: 'snippet',
  input: SnippetInput,
  output: Snippet,
  put: putSnippet,
  get: getSnippet,
  delete: deleteSnippet,
});
