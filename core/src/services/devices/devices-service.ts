import type { Clock } from '../../ports/clock';
import type { Store } from '../../ports/store';
import { transact } from '../../store/transact';
import { userPartition } from '../user-partition';
import {
  DEVICE_PLATFORMS,
  deviceIdOf,
  deviceKey,
  MAX_DEVICES,
  normalizeToken,
  readDevice,
  readDevices,
  readIndex,
  stageRemoval,
  TOKEN_PATTERNS,
  writeIndex,
  type DevicePlatform,
  type StoredDevice,
} from './device-documents';
import { deviceTokens, forgetDeviceToken } from './device-tokens';
import { DeviceNotFound, InvalidDeviceToken } from './devices-errors';

/** A registered device as its player sees it (the token itself is not echoed). */
export interface DeviceView {
  [field: string]: unknown;
  deviceId: string;
  platform: DevicePlatform;
  registeredAt: number;
  refreshedAt: number;
}

/** The outcome of a registration: the device, whether it is new, and the device it evicted (if any). */
export interface DeviceRegistration extends DeviceView {
  created: boolean;
  evictedDeviceId: string | null;
}

/** Told of each device removed from the registry, once its removal committed (the app queues `queueDeviceRelease`). */
export type DeviceRemoved = (userId: string, platform: DevicePlatform, token: string) => Promise<void>;

const view = ({ deviceId, platform, registeredAt, refreshedAt }: StoredDevice): DeviceView => ({ deviceId, platform, registeredAt, refreshedAt });

/**
 * The players' device push tokens, read by mobile push (`tokens`) when a user is offline.
 * Each device is a document in the player's partition keyed by a hash of platform and token,
 * so registering again only refreshes it. At most `MAX_DEVICES` per player: registering one
 * more evicts the least recently registered (apps register at every start, so the evicted one
 * is the device not used the longest; refusing would lock out a player whose old tokens went
 * stale unseen). The same token may be registered by several players (a shared device); apps
 * unregister on logout. Every device removed by the player or evicted is reported to `onRemoved`
 * after the change commits, so mobile push releases what its service keeps for it (an SNS
 * endpoint, a hub installation would otherwise still be sent to).
 */
export class DevicesService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly onRemoved: DeviceRemoved = async () => undefined,
  ) {}

  /** Registers a token, or refreshes it if already registered; evicts the oldest device past the cap. */
  async register(userId: string, input: { platform: DevicePlatform; token: string }): Promise<DeviceRegistration> {
    const { platform } = input;
    if (!DEVICE_PLATFORMS.includes(platform) || !TOKEN_PATTERNS[platform].test(input.token)) throw new InvalidDeviceToken(String(platform));
    const token = normalizeToken(platform, input.token);
    const deviceId = deviceIdOf(platform, token);
    const { registration, evicted } = await transact(this.store, async (tx) => {
      const now = this.clock.now();
      const index = await readIndex(tx, userId);
      const existing = await readDevice(tx, userId, deviceId);
      const others = index.deviceIds.filter((id) => id !== deviceId);
      const evictedDeviceId = !existing && others.length >= MAX_DEVICES ? others.shift()! : null;
      const evicted = evictedDeviceId ? await readDevice(tx, userId, evictedDeviceId) : undefined;
      if (evictedDeviceId) tx.delete(userPartition(userId), deviceKey(evictedDeviceId));
      const device: StoredDevice = { deviceId, platform, token, registeredAt: existing?.registeredAt ?? now, refreshedAt: now };
      tx.put(userPartition(userId), deviceKey(deviceId), device);
      writeIndex(tx, userId, { deviceIds: [...others, deviceId] });
      return { registration: { ...view(device), created: !existing, evictedDeviceId }, evicted };
    });
    if (evicted) await this.onRemoved(userId, evicted.platform, evicted.token);
    return registration;
  }

  /** The player's devices, least recently registered first. */
  async list(userId: string): Promise<DeviceView[]> {
    return (await readDevices(this.store, userId)).map(view);
  }

  /** Unregisters one of the player's devices by id; `DeviceNotFound` if the player has none with it. */
  async unregister(userId: string, deviceId: string): Promise<void> {
    const removed = await transact(this.store, async (tx) => {
      const device = await readDevice(tx, userId, deviceId);
      if (!device) throw new DeviceNotFound({ deviceId });
      await stageRemoval(tx, userId, deviceId);
      return device;
    });
    await this.onRemoved(userId, removed.platform, removed.token);
  }

  /** Unregisters the player's device with this token; `DeviceNotFound` if it is not registered. */
  async unregisterToken(userId: string, platform: DevicePlatform, token: string): Promise<void> {
    if (!(await this.forget(userId, platform, token))) throw new DeviceNotFound({ platform });
    await this.onRemoved(userId, platform, normalizeToken(platform, token));
  }

  /** The player's registered tokens of a platform (what mobile push sends to). */
  tokens(userId: string, platform: DevicePlatform): Promise<string[]> {
    return deviceTokens(this.store, userId, platform);
  }

  /** Drops a token (reported stale by the push service); false if it was not registered. */
  forget(userId: string, platform: DevicePlatform, token: string): Promise<boolean> {
    return forgetDeviceToken(this.store, userId, platform, token);
  }
}
