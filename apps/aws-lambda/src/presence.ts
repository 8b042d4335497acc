import { InvalidLifecycleEvent, recordPresence, type PresenceOutcome } from '@kumo/adapter-aws/light';
import type { Store } from '@kumo/core';

/** What the presence handler did with one lifecycle event (`invalid`: not a lifecycle event, dropped). */
export type PresenceResult = PresenceOutcome | 'invalid';

/**
 * Handles one AWS IoT Core connect/disconnect lifecycle event, delivered by the topic rule
 * `SELECT * FROM '$aws/events/presence/+/+'` with a Lambda action (the event is the JSON payload):
 * records the connection's presence with `recordPresence`. A payload that is not a lifecycle
 * event is logged and dropped (retrying cannot fix it); store failures throw, so Lambda's
 * asynchronous invocation retries the event.
 */
export function presenceHandler(store: Store): (event: unknown) => Promise<PresenceResult> {
  return async (event) => {
    try {
      return await recordPresence(store, event);
    } catch (error) {
      if (!(error instanceof InvalidLifecycleEvent)) throw error;
      console.warn(JSON.stringify({ level: 'warn', msg: 'not a lifecycle event', error: error.message }));
      return 'invalid';
    }
  };
}
