import { createHash } from 'node:crypto';
import {
  createAppleInstallation,
  createAppleNotification,
  createFcmV1Installation,
  createFcmV1Notification,
  NotificationHubsClient,
  type Installation,
  type NotificationHubsClientOptions,
} from '@azure/notification-hubs';
import { storeDeviceBindings, storeDeviceTokens, Throttled, type DeviceBindings, type DevicePlatform, type DeviceTokenRegistry, type MobilePush, type PushEvent, type Store } from '@kumo/core';

/** Where the hub is and which device platforms it serves. */
export interface NotificationHubsConfig {
  /** A hub access policy's connection string with Listen and Send rights (from a secret). */
  connectionString: string;
  /** The hub's name. */
  hub: string;
  /** Platforms whose credentials the hub holds (default both: `fcm` as FCM v1, `apns`). */
  platforms?: DevicePlatform[];
  /** Allows an `http://` endpoint in the connection string (a local stand-in only). */
  allowInsecureConnection?: boolean;
  options?: NotificationHubsClientOptions;
}

/** Options of `NotificationHubsMobilePush`. */
export interface NotificationHubsMobilePushOptions extends NotificationHubsConfig {
  /** The store holding core's device registry; the hub installation ids are kept there too. */
  store: Store;
}

/** Per-call options of the hub client. */
type CallOptions = NonNullable<Parameters<NotificationHubsClient['getInstallation']>[1]>;

/** The HTTP status of a failed hub call (the SDK's `RestError`), if any. */
const statusOf = (error: unknown) => (error as { statusCode?: number } | undefined)?.statusCode;

/** The tag every installation of a user carries (a hash, so user ids never reach the hub). */
export const userTag = (userId: string) => `kumo-user:${createHash('sha256').update(userId).digest('hex').slice(0, 40)}`;

/** The installation id of one player's device. */
const installationId = (userId: string, platform: DevicePlatform, token: string) =>
  `kumo-${platform}-${createHash('sha256').update(`${userId}\n${platform}\n${token}`).digest('base64url').slice(0, 32)}`;

/**
 * Mobile push through Azure Notification Hubs. Each device token in core's registry becomes a hub
 * installation (platform `fcmv1` or `apns`, tagged with the user's `userTag`), created once and
 * its id kept beside the device (`storeDeviceBindings`, service `notification-hubs`); a
 * notification is one tag send per platform the user has devices on: FCM v1 a data message
 * (`type`, and `data` as JSON text), APNs a background notification holding `type` and `data`.
 *
 * Before sending, each kept installation is read back: one the hub reports with an expired push
 * channel (the push service said the token is invalid) or no longer has is deleted, and its token
 * forgotten in the registry. A device the player unregistered has its installation deleted too
 * (`releaseDevice`): the hub sends by the user's tag, so a kept installation would still be sent
 * to. Hub throttling (429, 503) becomes `Throttled` and other failures propagate, so the queued
 * job is retried.
 */
export class NotificationHubsMobilePush implements MobilePush {
  private readonly client: NotificationHubsClient;
  private readonly installations: DeviceBindings;
  private readonly platforms: DevicePlatform[];
  private readonly call: CallOptions;

  constructor(private readonly options: NotificationHubsMobilePushOptions) {
    this.client = new NotificationHubsClient(options.connectionString, options.hub, options.options);
    this.installations = storeDeviceBindings(options.store, 'notification-hubs');
    this.platforms = options.platforms ?? ['fcm', 'apns'];
    this.call = options.allowInsecureConnection ? { requestOptions: { allowInsecureConnection: true } } : {};
  }

  /** Sends the event to the user's devices on every platform the hub serves. */
  async send(userId: string, event: PushEvent): Promise<void> {
    await hubCall(async () => {
      for (const platform of this.platforms) {
        const registry = storeDeviceTokens(this.options.store, platform);
        const live = await Promise.all((await registry.tokens(userId)).map((token) => this.installed(userId, platform, token, registry)));
        if (live.includes(true)) await this.client.sendNotification(notification(platform, event), { tagExpression: userTag(userId), ...this.call });
      }
    });
  }

  /** Deletes the installation of a device the player no longer has registered, and its kept id. */
  async releaseDevice(userId: string, platform: DevicePlatform, token: string): Promise<void> {
    const id = await this.installations.get(userId, platform, token);
    if (!id) return;
    await hubCall(() =>
      this.client.deleteInstallation(id, this.call).catch((error: unknown) => {
        if (statusOf(error) !== 404) throw error;
      }),
    );
    await this.installations.drop(userId, platform, token);
  }

  /** Makes sure the device has a live installation; false if the hub reported its token expired (it is then forgotten). */
  private async installed(userId: string, platform: DevicePlatform, token: string, registry: DeviceTokenRegistry): Promise<boolean> {
    const id = await this.installations.get(userId, platform, token);
    if (!id) {
      await this.client.createOrUpdateInstallation(installation(platform, { installationId: installationId(userId, platform, token), pushChannel: token, tags: [userTag(userId)] }), this.call);
      await this.installations.set(userId, platform, token, installationId(userId, platform, token));
      return true;
    }
    const current = await this.client.getInstallation(id, this.call).catch((error: unknown) => {
      if (statusOf(error) === 404) return undefined;
      throw error;
    });
    if (current && !current.pushChannelExpired) return true;
    await registry.forget(userId, token);
    if (current) await this.client.deleteInstallation(id, this.call);
    await this.installations.drop(userId, platform, token);
    return false;
  }
}

/** Runs hub calls, turning hub throttling (429, 503) into `Throttled`. */
async function hubCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (statusOf(error) === 429 || statusOf(error) === 503) throw new Throttled(`Notification Hubs answered ${statusOf(error)}`, { service: 'notification-hubs' });
    throw error;
  }
}

function installation(platform: DevicePlatform, fields: { installationId: string; pushChannel: string; tags: string[] }): Installation {
  return platform === 'apns' ? createAppleInstallation(fields) : createFcmV1Installation(fields);
}

function notification(platform: DevicePlatform, event: PushEvent) {
  if (platform === 'apns') {
    return createAppleNotification({ body: { aps: { 'content-available': 1 }, type: event.type, data: event.data }, headers: { 'apns-push-type': 'background', 'apns-priority': '5' } });
  }
  // The hub's FCM v1 format is FCM's own request body: the message under `message`, its token added by the hub.
  return createFcmV1Notification({ body: JSON.stringify({ message: { data: { type: event.type, data: JSON.stringify(event.data) } } }) });
}
