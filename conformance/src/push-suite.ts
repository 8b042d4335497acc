import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Push, PushEvent } from '@kumo/core';
import { unique } from './unique';

/** A game client connected to the push backend under test, as a user. */
export interface PushClient {
  /** Resolves with the next event (or rejects after `timeoutMs`). */
  next(timeoutMs?: number): Promise<PushEvent>;
  /** Disconnects the client. */
  close(): Promise<void>;
}

/** The push backend under test and a way to connect real clients to it. */
export interface PushHarness {
  push: Push;
  connect(userId: string): Promise<PushClient>;
  close?(): Promise<void>;
}

/** The Push port's contract, with real clients. */
export function describePush(name: string, factory: () => Promise<PushHarness>): void {
  describe(`Push conformance: ${name}`, () => {
    let harness: PushHarness;
    beforeAll(async () => {
      harness = await factory();
    });
    afterAll(async () => harness.close?.());

    const waitFor = async (check: () => Promise<boolean>, timeoutMs = 5_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!(await check())) {
        if (Date.now() > deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return true;
    };

    it('delivers an event to an online user, and only to that user', async () => {
      const alice = unique('alice');
      const bob = unique('bob');
      const aliceClient = await harness.connect(alice);
      const bobClient = await harness.connect(bob);
      expect(await waitFor(() => harness.push.isOnline(alice))).toBe(true);
      const event = { type: 'matched', data: { gathering: 'g1', members: [alice, bob] } };
      expect(await harness.push.publish(alice, event)).toBe('delivered');
      expect(await aliceClient.next()).toEqual(event);
      await expect(bobClient.next(500)).rejects.toThrow();
      await aliceClient.close();
      await bobClient.close();
    });

    it('delivers to every connection of a user', async () => {
      const user = unique('multi');
      const phone = await harness.connect(user);
      const tablet = await harness.connect(user);
      await waitFor(() => harness.push.isOnline(user));
      await harness.push.publish(user, { type: 'chat.message', data: { text: 'hi' } });
      expect((await phone.next()).data).toEqual({ text: 'hi' });
      expect((await tablet.next()).data).toEqual({ text: 'hi' });
      await phone.close();
      await tablet.close();
    });

    it('reports an offline user and answers offline to publish', async () => {
      const ghost = unique('ghost');
      expect(await harness.push.isOnline(ghost)).toBe(false);
      expect(await harness.push.publish(ghost, { type: 'inbox.new', data: {} })).toBe('offline');
    });

    it('notices a disconnect: the user goes offline', async () => {
      const user = unique('leaver');
      const client = await harness.connect(user);
      expect(await waitFor(() => harness.push.isOnline(user))).toBe(true);
      await client.close();
      expect(await waitFor(async () => !(await harness.push.isOnline(user)))).toBe(true);
      expect(await harness.push.publish(user, { type: 'late', data: {} })).toBe('offline');
    });
  });
}
