import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unique } from '@kumo/conformance';
import { userPartition } from '@kumo/core';
import {
  CLOSED_RECORD_RETENTION_MS,
  createTable,
  DynamoStore,
  hasLiveConnection,
  InvalidLifecycleEvent,
  parsePlayerClientId,
  playerClientId,
  recordPresence,
  type LifecycleEvent,
} from '../src/index';
import { LOCAL_AWS } from '../testing';

/** A lifecycle event shaped like the payloads AWS IoT Core documents for `$aws/events/presence/...`. */
function lifecycle(eventType: 'connected' | 'disconnected', clientId: string, timestamp: number, sessionIdentifier: string, disconnectReason = 'CLIENT_INITIATED_DISCONNECT'): LifecycleEvent {
  const common = { clientId, timestamp, eventType, sessionIdentifier, principalIdentifier: '12345678901234567890123456789012', versionNumber: 0 };
  return eventType === 'connected'
    ? { ...common, ipAddress: '192.0.2.0' }
    : { ...common, clientInitiatedDisconnect: disconnectReason === 'CLIENT_INITIATED_DISCONNECT', disconnectReason };
}

describe('player client ids', () => {
  it('round-trip user ids with any character, and reject other clients', () => {
    for (const userId of ['u1', 'with-dashes-1', 'a/b+c#d', 'ユーザー', '100%']) {
      const clientId = playerClientId(userId, 'abc123');
      expect(clientId).not.toMatch(/[#+/]/);
      expect(parsePlayerClientId(clientId)).toEqual({ userId, connection: 'abc123' });
    }
    expect(parsePlayerClientId('kumo-server-0a1b2c')).toBeUndefined();
    expect(parsePlayerClientId('kumo-u--abc')).toBeUndefined();
    expect(parsePlayerClientId('kumo-u-%E0%A4%A-abc')).toBeUndefined();
    expect(() => playerClientId('x'.repeat(200))).toThrow(/128 bytes/);
    expect(() => playerClientId('u1', 'has-dash')).toThrow(/letters or digits/);
  });
});

describe('presence records from IoT Core lifecycle events (DynamoDB Local)', () => {
  let client: DynamoDBClient;
  let store: DynamoStore;
  beforeAll(async () => {
    const tableName = unique('kumo-presence');
    client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamoEndpoint') });
    await createTable(client, tableName);
    store = new DynamoStore({ client, tableName });
  });
  afterAll(() => client.destroy());

  it('connected → online, disconnected → offline', async () => {
    const user = unique('player');
    const clientId = playerClientId(user);
    const session = randomUUID();
    expect(await hasLiveConnection(store, user)).toBe(false);
    expect(await recordPresence(store, lifecycle('connected', clientId, 1_000, session))).toBe('recorded');
    expect(await hasLiveConnection(store, user)).toBe(true);
    const doc = await store.get(userPartition(user), `presence:${clientId}`);
    expect(doc?.value).toMatchObject({ clientId, online: true, timestamp: 1_000, sessionIdentifier: session });
    expect(await recordPresence(store, lifecycle('disconnected', clientId, 2_000, session, 'CONNECTION_LOST'))).toBe('recorded');
    expect(await hasLiveConnection(store, user)).toBe(false);
  });

  it('ignores out-of-order and duplicate events: an older timestamp never overrides a newer one', async () => {
    const user = unique('late');
    const clientId = playerClientId(user);
    const session = randomUUID();
    expect(await recordPresence(store, lifecycle('disconnected', clientId, 2_000, session))).toBe('recorded');
    expect(await recordPresence(store, lifecycle('connected', clientId, 1_000, session))).toBe('stale');
    expect(await hasLiveConnection(store, user)).toBe(false);
    expect(await recordPresence(store, lifecycle('disconnected', clientId, 2_000, session))).toBe('stale');
    const next = randomUUID();
    expect(await recordPresence(store, lifecycle('connected', clientId, 3_000, next))).toBe('recorded');
    expect(await recordPresence(store, lifecycle('connected', clientId, 3_000, next))).toBe('stale');
    expect(await hasLiveConnection(store, user)).toBe(true);
  });

  it('at the same millisecond: a session ends after it starts; a reconnect replaces the session it kicked out', async () => {
    const user = unique('tie');
    const clientId = playerClientId(user);
    const [first, second] = [randomUUID(), randomUUID()];
    await recordPresence(store, lifecycle('connected', clientId, 5_000, first));
    expect(await recordPresence(store, lifecycle('disconnected', clientId, 5_000, first))).toBe('recorded');
    expect(await hasLiveConnection(store, user)).toBe(false);
    // The same client id connects again: IoT Core drops the old session with DUPLICATE_CLIENTID.
    expect(await recordPresence(store, lifecycle('connected', clientId, 6_000, second))).toBe('recorded');
    expect(await recordPresence(store, lifecycle('disconnected', clientId, 6_000, first, 'DUPLICATE_CLIENTID'))).toBe('stale');
    expect(await hasLiveConnection(store, user)).toBe(true);
  });

  it('keeps two connections of one user apart: online until the last one leaves', async () => {
    const user = unique('multi');
    const phone = playerClientId(user);
    const tablet = playerClientId(user);
    const [phoneSession, tabletSession] = [randomUUID(), randomUUID()];
    await recordPresence(store, lifecycle('connected', phone, 1_000, phoneSession));
    await recordPresence(store, lifecycle('connected', tablet, 1_500, tabletSession));
    await recordPresence(store, lifecycle('disconnected', phone, 2_000, phoneSession));
    expect(await hasLiveConnection(store, user)).toBe(true);
    await recordPresence(store, lifecycle('disconnected', tablet, 2_500, tabletSession, 'MQTT_KEEP_ALIVE_TIMEOUT'));
    expect(await hasLiveConnection(store, user)).toBe(false);
  });

  it('deletes closed records once they are older than the retention, on a later disconnect', async () => {
    const user = unique('prune');
    const old = playerClientId(user);
    const recent = playerClientId(user);
    await recordPresence(store, lifecycle('connected', old, 1_000, 's1'));
    await recordPresence(store, lifecycle('disconnected', old, 2_000, 's1'));
    const later = 2_000 + CLOSED_RECORD_RETENTION_MS + 1;
    await recordPresence(store, lifecycle('connected', recent, later - 10, 's2'));
    await recordPresence(store, lifecycle('disconnected', recent, later, 's2'));
    expect(await store.get(userPartition(user), `presence:${old}`)).toBeUndefined();
    expect((await store.get(userPartition(user), `presence:${recent}`))?.value).toMatchObject({ online: false });
  });

  it('ignores clients that are not players, and rejects payloads that are not lifecycle events', async () => {
    expect(await recordPresence(store, lifecycle('connected', 'kumo-server-0a1b2c3d4e5f', 1_000, 's'))).toBe('not-a-player');
    await expect(recordPresence(store, { clientId: 'kumo-u-x-1', eventType: 'subscribed', timestamp: 1 })).rejects.toThrow(InvalidLifecycleEvent);
    await expect(recordPresence(store, { clientId: 'kumo-u-x-1', eventType: 'connected', timestamp: '1' })).rejects.toThrow(InvalidLifecycleEvent);
    await expect(recordPresence(store, 'connected')).rejects.toThrow(InvalidLifecycleEvent);
  });
});
