import type { Store } from '../../ports/store';
import { transact } from '../../store/transact';
import { deviceIdOf, normalizeToken, readDevice, readDevices, stageRemoval, type DevicePlatform } from './device-documents';

/** A platform's view of the device registry, for a mobile push adapter. */
export interface DeviceTokenRegistry {
  /** The player's registered tokens of this platform. */
  tokens(userId: string): Promise<string[]>;
  /** Drops a token the push service reports as no longer valid; false if it was not registered. */
  forget(userId: string, token: string): Promise<boolean>;
}

/** The player's registered tokens of one platform. */
export async function deviceTokens(store: Store, userId: string, platform: DevicePlatform): Promise<string[]> {
  return (await readDevices(store, userId)).filter((device) => device.platform === platform).map((device) => device.token);
}

/** Removes the player's device with this token, in one transaction; false if it was not registered. */
export function forgetDeviceToken(store: Store, userId: string, platform: DevicePlatform, token: string): Promise<boolean> {
  const normalized = normalizeToken(platform, token);
  const deviceId = deviceIdOf(platform, normalized);
  return transact(store, async (tx) => {
    const device = await readDevice(tx, userId, deviceId);
    if (!device || device.platform !== platform || device.token !== normalized) return false;
    await stageRemoval(tx, userId, deviceId);
    return true;
  });
}

/**
 * The device registry of the `devices` feature read and written straight on a store, for
 * adapters that build their mobile push without a container (the Google Cloud adapter's FCM
 * `deviceTokens` and `onStaleToken`). Same documents as `DevicesService`.
 */
export function storeDeviceTokens(store: Store, platform: DevicePlatform): DeviceTokenRegistry {
  return {
    tokens: (userId) => deviceTokens(store, userId, platform),
    forget: (userId, token) => forgetDeviceToken(store, userId, platform, token),
  };
}
