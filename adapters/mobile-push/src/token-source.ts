import type { DeviceTokenRegistry } from '@kumo/core';

/** The push tokens of a user's devices for one platform (kept by the game's device registry). */
export type DeviceTokenSource = (userId: string) => Promise<string[]>;

/** Told about a token the push service reports as no longer valid. */
export type StaleTokenHandler = (userId: string, token: string) => Promise<void> | void;

/** A sender's token options read from core's device registry: tokens from it, stale tokens forgotten in it. */
export function registryTokens(registry: DeviceTokenRegistry): { deviceTokens: DeviceTokenSource; onStaleToken: StaleTokenHandler } {
  return { deviceTokens: registry.tokens, onStaleToken: async (userId, token) => void (await registry.forget(userId, token)) };
}
