/** `PUT`/`GET`/`DELETE /v1/statuses/{id}`. */
import { Status, StatusInput } from '../../core/wire.ts';
import { deleteStatus, getStatus, putStatus } from '../handlers/statuses.ts';
import { itemRoutes } from './item-routes.ts';

/** Registers the status routes. */
export const statusRoutes = itemRoutes({
  plural: 'statuses',
  noun: 'status',
  input: StatusInput,
  output: Status,
  put: putStatus,
  get: getStatus,
  delete: deleteStatus,
});
