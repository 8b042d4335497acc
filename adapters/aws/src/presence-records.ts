import { KumoError, transact, userPartition, type Store } from '@kumo/core';
import { parsePlayerClientId } from './iot-client-id';

/**
 * A connect or disconnect lifecycle event of AWS IoT Core: the JSON payload the broker publishes
 * on `$aws/events/presence/connected/{clientId}` and `$aws/events/presence/disconnected/{clientId}`,
 * delivered as is to a Lambda function by a topic rule (`SELECT * FROM '$aws/events/presence/+/+'`).
 */
export interface LifecycleEvent {
  clientId: string;
  /** When the broker saw the event, in milliseconds since the epoch. */
  timestamp: number;
  eventType: 'connected' | 'disconnected';
  sessionIdentifier?: string;
  principalIdentifier?: string;
  ipAddress?: string;
  versionNumber?: number;
  /** Disconnects only: `CLIENT_INITIATED_DISCONNECT`, `CONNECTION_LOST`, `DUPLICATE_CLIENTID`, ... */
  disconnectReason?: string;
  clientInitiatedDisconnect?: boolean;
}

/** Key prefix of presence records in a player's partition (`userPartition(userId)`). */
export const PRESENCE_PREFIX = 'presence:';

/** How long the record of a closed connection is kept to reject late, older events for it. */
export const CLOSED_RECORD_RETENTION_MS = 60 * 60 * 1000;

/** Most closed records of a player removed per event (keeps each write a small transaction). */
const PRUNE_PER_EVENT = 10;

/** One connection's presence record (key `presence:<clientId>`). */
export interface PresenceRecord {
  [field: string]: unknown;
  clientId: string;
  online: boolean;
  /** The timestamp of the lifecycle event this record reflects. */
  timestamp: number;
  sessionIdentifier?: string;
  disconnectReason?: string;
}

/** What `recordPresence` did: wrote the record, ignored an older event, or ignored a non-player client. */
export type PresenceOutcome = 'recorded' | 'stale' | 'not-a-player';

/** The payload is not a connect/disconnect lifecycle event. */
export class InvalidLifecycleEvent extends KumoError {
  constructor(message: string) {
    super('invalid', 'invalid_lifecycle_event', message);
  }
}

/**
 * Records a lifecycle event as the presence record of that connection in the player's partition
 * (the player read from the client id, see `playerClientId`). Lifecycle events may arrive out of
 * order or twice, so an event only replaces a record it is newer than (by `timestamp`; at the
 * same millisecond, a session's disconnect wins over its own connect, and a new session's connect
 * over another session's disconnect). A disconnect therefore
 * leaves an offline record behind, so that a late connect of the same connection cannot revive
 * it; offline records older than `CLOSED_RECORD_RETENTION_MS` are deleted by later disconnects.
 */
export async function recordPresence(store: Store, payload: unknown): Promise<PresenceOutcome> {
  const event = lifecycleEvent(payload);
  const player = parsePlayerClientId(event.clientId);
  if (!player) return 'not-a-player';
  const partition = userPartition(player.userId);
  const key = `${PRESENCE_PREFIX}${event.clientId}`;
  const record: PresenceRecord = {
    clientId: event.clientId,
    online: event.eventType === 'connected',
    timestamp: event.timestamp,
    sessionIdentifier: event.sessionIdentifier,
    disconnectReason: event.disconnectReason,
  };
  return transact(store, async (tx) => {
    const current = await tx.get<PresenceRecord>(partition, key);
    if (current && !supersedes(record, current.value)) return 'stale';
    tx.put(partition, key, record);
    if (!record.online) {
      const expired = (await closedRecords(store, partition)).filter((doc) => doc.key !== key && doc.value.timestamp < record.timestamp - CLOSED_RECORD_RETENTION_MS);
      for (const doc of expired.slice(0, PRUNE_PER_EVENT)) {
        const still = await tx.get<PresenceRecord>(partition, doc.key);
        if (still && !still.value.online) tx.delete(partition, doc.key);
      }
    }
    return 'recorded';
  });
}

/** Whether the player has a connection whose latest lifecycle event is a connect. */
export async function hasLiveConnection(store: Store, userId: string): Promise<boolean> {
  let cursor: string | undefined;
  do {
    const page = await store.query<PresenceRecord>(userPartition(userId), { prefix: PRESENCE_PREFIX, cursor });
    if (page.items.some((doc) => doc.value.online)) return true;
    cursor = page.cursor;
  } while (cursor !== undefined);
  return false;
}

function supersedes(next: PresenceRecord, current: PresenceRecord): boolean {
  if (next.timestamp !== current.timestamp) return next.timestamp > current.timestamp;
  // Same millisecond: a session ends after it starts; a new session replaces an older one.
  if (next.sessionIdentifier === current.sessionIdentifier) return !next.online && current.online;
  return next.online && !current.online;
}

async function closedRecords(store: Store, partition: string) {
  const page = await store.query<PresenceRecord>(partition, { prefix: PRESENCE_PREFIX });
  return page.items.filter((doc) => !doc.value.online);
}

function lifecycleEvent(payload: unknown): LifecycleEvent {
  if (typeof payload !== 'object' || payload === null) throw new InvalidLifecycleEvent('a lifecycle event is a JSON object');
  const event = payload as Partial<LifecycleEvent>;
  if (typeof event.clientId !== 'string' || event.clientId === '') throw new InvalidLifecycleEvent('clientId must be a non-empty string');
  if (typeof event.timestamp !== 'number' || !Number.isSafeInteger(event.timestamp) || event.timestamp < 0) {
    throw new InvalidLifecycleEvent('timestamp must be milliseconds since the epoch');
  }
  if (event.eventType !== 'connected' && event.eventType !== 'disconnected') {
    throw new InvalidLifecycleEvent('eventType must be connected or disconnected');
  }
  return event as LifecycleEvent;
}
