import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env';
import { bearer, jsonBody, jsonResponse, problems } from '../../http/schemas';
import { DEVICE_ID_PATTERN, MAX_DEVICES, TOKEN_PATTERNS } from './device-documents';
import type { DevicesService } from './devices-service';

const TokenInput = z
  .discriminatedUnion('platform', [
    z.object({ platform: z.literal('fcm'), token: z.string().regex(TOKEN_PATTERNS.fcm, 'an FCM registration token is 16-4096 of A-Z, a-z, 0-9, _, - and :') }),
    z.object({ platform: z.literal('apns'), token: z.string().regex(TOKEN_PATTERNS.apns, 'an APNs device token is 64-200 hexadecimal digits') }),
  ])
  .openapi('DeviceToken');
const DeviceSchema = z
  .object({ deviceId: z.string(), platform: z.enum(['fcm', 'apns']), registeredAt: z.number().int(), refreshedAt: z.number().int() })
  .openapi('Device');
const RegistrationSchema = DeviceSchema.extend({ created: z.boolean(), evictedDeviceId: z.string().nullable() }).openapi('DeviceRegistration');
const DeviceIdParams = z.object({ deviceId: z.string().regex(DEVICE_ID_PATTERN, 'a device id is 22 of A-Z, a-z, 0-9, _ and -').openapi({ example: 'q8c0Yt2m3kJ4bL9xW1zP_A' }) });

const register = createRoute({
  method: 'put',
  path: '/v1/devices',
  operationId: 'registerDevice',
  tags: ['devices'],
  security: bearer,
  summary: `Register this device's push token for mobile push when offline; idempotent (again = refresh). Past ${MAX_DEVICES} devices the least recently registered is evicted`,
  request: { body: jsonBody(TokenInput) },
  responses: { 200: jsonResponse('The device', RegistrationSchema), ...problems(400, 401, 403) },
});

const list = createRoute({
  method: 'get',
  path: '/v1/devices',
  operationId: 'listDevices',
  tags: ['devices'],
  security: bearer,
  summary: "The player's registered devices, least recently registered first (tokens are not echoed)",
  responses: { 200: jsonResponse('Devices', z.object({ devices: z.array(DeviceSchema), max: z.number().int() })), ...problems(401, 403) },
});

const unregister = createRoute({
  method: 'delete',
  path: '/v1/devices/{deviceId}',
  operationId: 'unregisterDevice',
  tags: ['devices'],
  security: bearer,
  summary: 'Unregister one of the player\'s devices by id; 404 device_not_found otherwise',
  request: { params: DeviceIdParams },
  responses: { 204: { description: 'Unregistered' }, ...problems(400, 401, 403, 404) },
});

const unregisterToken = createRoute({
  method: 'post',
  path: '/v1/devices/unregister',
  operationId: 'unregisterDeviceToken',
  tags: ['devices'],
  security: bearer,
  summary: "Unregister the player's device by its token (at logout); 404 device_not_found if it is not registered",
  request: { body: jsonBody(TokenInput) },
  responses: { 204: { description: 'Unregistered' }, ...problems(400, 401, 403, 404) },
});

/** Player routes of the device registry. */
export function devicesRoutes(app: OpenAPIHono<AppEnv>, devices: DevicesService): void {
  app.openapi(register, async (c) => c.json(await devices.register(c.get('principal').userId, c.req.valid('json')), 200));
  app.openapi(list, async (c) => c.json({ devices: await devices.list(c.get('principal').userId), max: MAX_DEVICES }, 200));
  app.openapi(unregister, async (c) => {
    await devices.unregister(c.get('principal').userId, c.req.valid('param').deviceId);
    return c.body(null, 204);
  });
  app.openapi(unregisterToken, async (c) => {
    const { platform, token } = c.req.valid('json');
    await devices.unregisterToken(c.get('principal').userId, platform, token);
    return c.body(null, 204);
  });
}
