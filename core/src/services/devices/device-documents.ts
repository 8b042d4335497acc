import { createHash } from 'node:crypto';
import type { DocValue, Store } from '../../ports/store';
import type { Transaction } from '../../store/transact';
import { userPartition } from '../user-partition';

/**
 * Where a player's devices live, shared by `DevicesService` and `storeDeviceTokens` (which
 * adapters use without a container). In the player's partition (`userPartition`):
 * - `device:<deviceId>` — one document per registered token (`StoredDevice`); `deviceId` is a
 *   hash of platform and token, so registering the same token again finds the same document;
 * - `devices` — the index (`DeviceIndex`): every device id, least recently registered first.
 *   Every change reads and writes it, so concurrent registrations conflict and retry, and the
 *   cap holds.
 */
export const DEVICE_PREFIX = 'device:';
/** Key of the index document. */
export const DEVICE_INDEX_KEY = 'devices';
/** Most devices per player; registering one more evicts the least recently registered. */
export const MAX_DEVICES = 10;

/** Push services a device token belongs to: Firebase Cloud Messaging, Apple Push Notification service. */
export const DEVICE_PLATFORMS = ['fcm', 'apns'] as const;
/** A push service. */
export type DevicePlatform = (typeof DEVICE_PLATFORMS)[number];

/**
 * What a token of each platform looks like: FCM registration tokens are URL-safe base64 with
 * `:` (about 160 characters today; up to 4096 allowed), APNs device tokens are hexadecimal
 * (64 characters today; up to 200 allowed, compared in lower case).
 */
export const TOKEN_PATTERNS: Readonly<Record<DevicePlatform, RegExp>> = {
  fcm: /^[A-Za-z0-9_:-]{16,4096}$/,
  apns: /^[0-9a-fA-F]{64,200}$/,
};
/** A device id: 22 URL-safe base64 characters (128 bits of SHA-256). */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** A registered device as stored. Times are Clock ms. */
export interface StoredDevice {
  [field: string]: unknown;
  deviceId: string;
  platform: DevicePlatform;
  token: string;
  /** When the token was first registered. */
  registeredAt: number;
  /** When it was last registered (apps register at every start); eviction goes by this. */
  refreshedAt: number;
}

/** The index document: device ids, least recently registered first. */
export interface DeviceIndex {
  [field: string]: unknown;
  deviceIds: string[];
}

/** The token as stored: APNs tokens in lower case, so either case finds the same device. */
export const normalizeToken = (platform: DevicePlatform, token: string) => (platform === 'apns' ? token.toLowerCase() : token);

/** The id of a platform's token (call with a normalized token). */
export const deviceIdOf = (platform: DevicePlatform, token: string) => createHash('sha256').update(`${platform}\n${token}`).digest('base64url').slice(0, 22);

/** Key of a device's document. */
export const deviceKey = (deviceId: string) => `${DEVICE_PREFIX}${deviceId}`;

/** Every device of a player, least recently registered first (the index's order). */
export async function readDevices(store: Store, userId: string): Promise<StoredDevice[]> {
  const [page, index] = await Promise.all([
    store.query<StoredDevice>(userPartition(userId), { prefix: DEVICE_PREFIX, limit: MAX_DEVICES * 2 }),
    store.get<DeviceIndex>(userPartition(userId), DEVICE_INDEX_KEY),
  ]);
  const order = new Map(index?.value.deviceIds.map((id, position) => [id, position]));
  const position = (device: StoredDevice) => order.get(device.deviceId) ?? Number.MAX_SAFE_INTEGER;
  return page.items.map((doc) => doc.value).sort((a, b) => position(a) - position(b));
}

/** The device's document, read through the transaction. */
export async function readDevice(tx: Transaction, userId: string, deviceId: string): Promise<StoredDevice | undefined> {
  return (await tx.get<StoredDevice>(userPartition(userId), deviceKey(deviceId)))?.value;
}

/** The player's index, read through the transaction (empty if the player has no devices). */
export async function readIndex(tx: Transaction, userId: string): Promise<DeviceIndex> {
  return (await tx.get<DeviceIndex>(userPartition(userId), DEVICE_INDEX_KEY))?.value ?? { deviceIds: [] };
}

/** Stages the index (deleted once empty). */
export function writeIndex(tx: Transaction, userId: string, index: DeviceIndex): void {
  if (index.deviceIds.length === 0) tx.delete(userPartition(userId), DEVICE_INDEX_KEY);
  else tx.put<DocValue>(userPartition(userId), DEVICE_INDEX_KEY, index);
}

/** Stages the removal of a device and its index entry. */
export async function stageRemoval(tx: Transaction, userId: string, deviceId: string): Promise<void> {
  const index = await readIndex(tx, userId);
  tx.delete(userPartition(userId), deviceKey(deviceId));
  writeIndex(tx, userId, { deviceIds: index.deviceIds.filter((id) => id !== deviceId) });
}
