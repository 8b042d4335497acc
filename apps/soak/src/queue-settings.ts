import type { QueueSettings } from '@kumo/core';

/** Queue settings of a soak: a crashed consumer's job comes back after 2 s (Pub/Sub raises it to its minimum). */
export const SOAK_QUEUE: QueueSettings = { maxAttempts: 5, visibilityTimeoutSeconds: 2 };
