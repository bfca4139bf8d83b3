/** `PUT`/`GET`/`DELETE /v1/comments/{id}`. */
import { Comment, CommentInput } from '../../core/wire.ts';
import { deleteComment, getComment, putComment } from '../handlers/comments.ts';
import { itemRoutes } from './item-routes.ts';

/** Registers the comment routes. */
export const commentRoutes = itemRoutes({
  plural: 'comments',
  noun: 'comment',
  input: CommentInput,
  output: Comment,
  put: putComment,
  get: getComment,
  delete: deleteComment,
});
