/**
 * The caller's devices (issue 14): every token is one. `GET /v1/me/devices` lists the live ones
 * (not revoked, not past the maximum age) with the request's own marked `current`;
 * `DELETE /v1/me/devices/{id}` revokes one of the caller's, `DELETE /v1/me/devices/current`
 * the request's own (signing out). A revocation takes effect on the device's next request.
 */
import { Type } from 'typebox';
import { ErrorBody } from '../../core/wire.ts';
import { notFound } from '../errors.ts';
import { listDevices, revokeDevice } from '../repos/users.ts';
import { Device } from './auth.ts';
import type { RouteApp } from './index.ts';

const Devices = Type.Object({ devices: Type.Array(Device) });
const DeviceParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' }) },
  { additionalProperties: false },
);

/** Registers the device routes. */
export async function deviceRoutes(app: RouteApp): Promise<void> {
  app.get(
    '/v1/me/devices',
    {
      schema: {
        summary: "The caller's devices (live tokens), newest first",
        tags: ['people'],
        response: { 200: Devices, 401: ErrorBody },
      },
    },
    async (request) => {
      const devices = await listDevices(app.db, request.user.handle, app.auth.tokenMaxAgeDays);
      return {
        devices: devices.map((d) => ({ ...d, current: d.id === request.device.id })),
      };
    },
  );

  app.delete(
    '/v1/me/devices/current',
    {
      schema: {
        summary: "Revoke the request's own token (sign out)",
        tags: ['people'],
        response: { 204: Type.Null(), 401: ErrorBody },
      },
    },
    async (request, reply) => {
      await revokeDevice(app.db, request.user.handle, request.device.id);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/v1/me/devices/:id',
    {
      schema: {
        summary: "Revoke one of the caller's devices",
        description: "404 for an unknown id, another person's device or one already revoked.",
        tags: ['people'],
        params: DeviceParams,
        response: { 204: Type.Null(), 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      if (!(await revokeDevice(app.db, request.user.handle, request.params.id))) {
        throw notFound('no such device');
      }
      return reply.code(204).send(null);
    },
  );
}
