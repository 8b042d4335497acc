import type { Store } from '../../ports/store';
import { transact } from '../../store/transact';
import { userPartition } from '../user-partition';
import { deviceIdOf, normalizeToken, type DevicePlatform } from './device-documents';

/**
 * What a push service knows a registered device by, kept beside the device registry by a mobile
 * push adapter (an Amazon SNS platform endpoint ARN, a Notification Hubs installation id), so the
 * service's object is made once per token and reused. One document per service and device in the
 * player's partition: `push-binding:<service>:<deviceId>`.
 */
export interface DeviceBindings {
  /** The service's name for this device, if one was kept. */
  get(userId: string, platform: DevicePlatform, token: string): Promise<string | undefined>;
  /** Keeps the service's name for this device. */
  set(userId: string, platform: DevicePlatform, token: string, binding: string): Promise<void>;
  /** Drops it (the device was forgotten, or the service no longer knows it). */
  drop(userId: string, platform: DevicePlatform, token: string): Promise<void>;
}

/** Key prefix of binding documents. */
export const BINDING_PREFIX = 'push-binding:';

/** The bindings of one push service (`service` names it in the keys, e.g. `sns`), on a store. */
export function storeDeviceBindings(store: Store, service: string): DeviceBindings {
  const key = (platform: DevicePlatform, token: string) => `${BINDING_PREFIX}${service}:${deviceIdOf(platform, normalizeToken(platform, token))}`;
  return {
    async get(userId, platform, token) {
      const doc = await store.get<{ binding: string }>(userPartition(userId), key(platform, token));
      return doc?.value.binding;
    },
    set: (userId, platform, token, binding) => transact(store, async (tx) => tx.put(userPartition(userId), key(platform, token), { binding })),
    drop: (userId, platform, token) => transact(store, async (tx) => tx.delete(userPartition(userId), key(platform, token))),
  };
}
