/**
 * Groups (issue 15): `PUT`/`GET`/`DELETE /v1/groups/{id}`, `GET /v1/groups`, members
 * (`GET /v1/groups/{id}/members`, `PUT`/`DELETE /v1/groups/{id}/members/{handle}`) and join
 * requests (`POST /v1/groups/{id}/requests`, `PUT /v1/groups/{id}/requests/{handle}`). Who may
 * do what is in `handlers/groups.ts`.
 */
import { Type } from 'typebox';
import {
  Deleted,
  ErrorBody,
  Group,
  GroupDeleted,
  GroupInput,
  GroupsList,
  Handle,
  Id,
  Member,
  MemberInput,
  MembersList,
  RequestDecision,
} from '../../core/wire.ts';
import {
  decideRequest,
  deleteGroup,
  deleteMember,
  getGroup,
  listGroups,
  listMembers,
  postRequest,
  putGroup,
  putMember,
} from '../handlers/groups.ts';
import type { RouteApp } from './index.ts';
import { AUTH_ERRORS, contextOf, IdParams, OBJECT_ERRORS, send } from './reply.ts';

const MemberParams = Type.Object({ id: Id, handle: Handle });
/** Errors of routes that may refuse with a conflict (the last owner; a deleted group's id). */
const WRITE_ERRORS = { ...OBJECT_ERRORS, 409: ErrorBody, 410: ErrorBody } as const;
const TAGS = ['groups'];

/** Registers the group routes. */
export async function groupRoutes(app: RouteApp): Promise<void> {
  app.get(
    '/v1/groups',
    {
      schema: {
        summary: 'The groups the caller may see (open ones, theirs, those they asked to join)',
        tags: TAGS,
        response: { 200: GroupsList, ...AUTH_ERRORS },
      },
    },
    async (request, reply) => send(reply, await listGroups(contextOf(request))),
  );
  app.put(
    '/v1/groups/:id',
    {
      schema: {
        summary: 'Create a group (the caller becomes its owner) or edit it (owners, moderators)',
        tags: TAGS,
        params: IdParams,
        body: GroupInput,
        response: { 200: Group, 201: Group, ...WRITE_ERRORS },
      },
    },
    async (request, reply) =>
      send(reply, await putGroup(contextOf(request), request.params.id, request.body)),
  );
  app.get(
    '/v1/groups/:id',
    {
      schema: {
        summary: 'One group (404 for a closed group the caller is not in nor asked to join)',
        tags: TAGS,
        params: IdParams,
        response: { 200: Group, ...OBJECT_ERRORS },
      },
    },
    async (request, reply) => send(reply, await getGroup(contextOf(request), request.params.id)),
  );
  app.delete(
    '/v1/groups/:id',
    {
      schema: {
        summary: 'Delete a group (owners); items shared with it alone become private',
        tags: TAGS,
        params: IdParams,
        response: { 200: GroupDeleted, ...OBJECT_ERRORS },
      },
    },
    async (request, reply) => send(reply, await deleteGroup(contextOf(request), request.params.id)),
  );
  app.get(
    '/v1/groups/:id/members',
    {
      schema: {
        summary: "A group's members and, to its moderators, the pending requests",
        tags: TAGS,
        params: IdParams,
        response: { 200: MembersList, ...OBJECT_ERRORS },
      },
    },
    async (request, reply) => send(reply, await listMembers(contextOf(request), request.params.id)),
  );
  app.put(
    '/v1/groups/:id/members/:handle',
    {
      schema: {
        summary: 'Add a person or change their role (moderators); join an open group yourself',
        tags: TAGS,
        params: MemberParams,
        body: MemberInput,
        response: { 200: Member, 201: Member, ...WRITE_ERRORS },
      },
    },
    async (request, reply) =>
      send(
        reply,
        await putMember(
          contextOf(request),
          request.params.id,
          request.params.handle,
          request.body.role,
        ),
      ),
  );
  app.delete(
    '/v1/groups/:id/members/:handle',
    {
      schema: {
        summary: 'Leave a group, or remove someone from it (moderators)',
        tags: TAGS,
        params: MemberParams,
        response: { 200: Deleted, ...WRITE_ERRORS },
      },
    },
    async (request, reply) =>
      send(reply, await deleteMember(contextOf(request), request.params.id, request.params.handle)),
  );
  app.post(
    '/v1/groups/:id/requests',
    {
      schema: {
        summary: 'Ask to join a closed group',
        tags: TAGS,
        params: IdParams,
        response: { 200: Group, 201: Group, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => send(reply, await postRequest(contextOf(request), request.params.id)),
  );
  app.put(
    '/v1/groups/:id/requests/:handle',
    {
      schema: {
        summary: 'Approve or decline a request to join (moderators)',
        tags: TAGS,
        params: MemberParams,
        body: RequestDecision,
        response: { 200: Deleted, 201: Member, ...OBJECT_ERRORS },
      },
    },
    async (request, reply) =>
      send(
        reply,
        await decideRequest(
          contextOf(request),
          request.params.id,
          request.params.handle,
          request.body.approve,
        ),
      ),
  );
}
