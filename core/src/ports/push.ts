/**
 * Push port: real-time events to connected game clients.
 *
 * Contract every adapter keeps (proved by `describePush` in @kumo/conformance):
 * - `publish` delivers the event to every connection of the user that is online when it is
 *   called, at most once per connection, and resolves to `'delivered'`. If the user has no
 *   connection it resolves to `'offline'` without error; the caller decides on a fallback
 *   (core's `Notifier` hands it to `MobilePush` through the job queue).
 * - `isOnline` reports whether the user has at least one live connection. Presence may lag a
 *   disconnect by the backend's keep-alive interval.
 * Events are small JSON objects (at most 128 KiB serialized).
 */
export interface Push {
  /** Sends an event to the user's connected clients. */
  publish(userId: string, event: PushEvent): Promise<PublishOutcome>;
  /** Whether the user has a live connection. */
  isOnline(userId: string): Promise<boolean>;
}

/** An event for a game client: `type` names it (`matched`, `chat.message`, ...). */
export interface PushEvent {
  type: string;
  data: Record<string, unknown>;
}

/** Whether an event reached an online client. */
export type PublishOutcome = 'delivered' | 'offline';

/**
 * Mobile push port (APNs, FCM, Notification Hubs): the fallback for users who are offline.
 * `send` may be slow; core only calls it from queue jobs.
 */
export interface MobilePush {
  /** Sends a notification to the user's registered devices. */
  send(userId: string, event: PushEvent): Promise<void>;
}

/** Largest push event, serialized. */
export const MAX_PUSH_EVENT_BYTES = 128 * 1024;
