import { describe, expect, it } from 'vitest';
import { useBackend } from '@kumo/server/test/backend-client';
import type { PushDisconnect } from '../src';
import { expectInboxNotice, playerAndOperator, testClient } from './clients';

/** Player tokens live this long (core's TokenService). */
const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

/** How long the socket lives before the server closes it for the expired token. */
const SOCKET_LIFETIME_MS = 3_000;

let clockOffset = 0;
const backend = useBackend({ clock: { now: () => Date.now() + clockOffset } });

describe('client.push on the local server WebSocket', () => {
  it('when the server closes the socket because the token expired, logs in again and reconnects', async () => {
    const player = testClient(backend.url());
    const signedUpAt = Date.now();
    await player.auth.signUp();
    const first = await player.auth.token();
    // The server's clock jumps to 3 s before the token expires (its expiry is whole seconds, hence 1 s less).
    clockOffset = signedUpAt + TOKEN_LIFETIME_MS - 1_000 - SOCKET_LIFETIME_MS - Date.now();
    try {
      const lost = new Promise<PushDisconnect>((resolve) => player.push.on('disconnected', resolve));
      await player.push.connect();
      const reconnected = new Promise((resolve) => player.push.on('connected', resolve));
      expect(await lost).toMatchObject({ code: 4001 });
      await reconnected;
      expect(player.push.connected).toBe(true);
      expect(await player.auth.token()).not.toBe(first);

      const room = await player.POST('/v1/chat/rooms', { body: { name: 'after-reconnect' } });
      expect(room.name).toBe('after-reconnect');
    } finally {
      clockOffset = 0;
      await player.push.disconnect();
    }
  });

  it('connects again after a disconnect, with one live link', async () => {
    const { player, userId, admin } = await playerAndOperator(backend.url());
    const connections: unknown[] = [];
    player.push.on('connected', (connection) => connections.push(connection));
    await player.push.connect();
    await player.push.disconnect();
    await player.push.connect();
    await expectInboxNotice(admin, player, userId, 'Welcome back');
    expect(connections).toHaveLength(2);
    await player.push.disconnect();
  });

  it('refuses to connect when signed out, without retrying', async () => {
    const anonymous = testClient(backend.url());
    await expect(anonymous.push.connect()).rejects.toThrow(/sign in/);
  });
});
