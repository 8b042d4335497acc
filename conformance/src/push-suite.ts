import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Push, PushEvent } from '@kumo/core';
import { FaultyPush } from './faults/push';
import { FaultSchedule, InjectedFault } from './faults/schedule';
import { unique } from './unique';
import { waitFor } from './wait-for';

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
  /**
   * Cuts the push backend's own connection to its broker (e.g. with a `TcpLink`), runs `during`
   * while it is down, then lets it reconnect. Omitted where the backend keeps no connection (an
   * in-process hub, an HTTP API): the reconnect case then runs `during` with nothing cut.
   */
  brokerOutage?(during: () => Promise<void>): Promise<void>;
  close?(): Promise<void>;
}

/** How soon a backend that declares `exactPresence` must show a connect or a clean close: one message's delivery, with room for a busy machine. */
const EXACT_PRESENCE_MS = 1_000;

/** The Push port's contract, with real clients. */
export function describePush(name: string, factory: () => Promise<PushHarness>): void {
  describe(`Push conformance: ${name}`, () => {
    let harness: PushHarness;
    beforeAll(async () => {
      harness = await factory();
    });
    afterAll(async () => harness.close?.());

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

    it('keeps presence right across a broker disconnect and reconnect: those who left are offline, those who came are online', async () => {
      const stay = unique('stay');
      const leave = unique('leave');
      const join = unique('join');
      const stayClient = await harness.connect(stay);
      const leaveClient = await harness.connect(leave);
      expect(await waitFor(async () => (await harness.push.isOnline(stay)) && (await harness.push.isOnline(leave)))).toBe(true);
      let joinClient: PushClient | undefined;
      const churn = async () => {
        await leaveClient.close();
        joinClient = await harness.connect(join);
      };
      const schedule = new FaultSchedule({ seed: 8, rates: { brokerDisconnect: 1 }, limits: { brokerDisconnect: 1 } });
      const push = new FaultyPush(harness.push, schedule, { disconnect: () => (harness.brokerOutage ? harness.brokerOutage(churn) : churn()) });
      await expect(push.publish(stay, { type: 'lost', data: {} })).rejects.toBeInstanceOf(InjectedFault);
      const settled = async () => (await push.isOnline(stay)) && !(await push.isOnline(leave)) && (await push.isOnline(join));
      expect(await waitFor(settled, 15_000)).toBe(true);
      const event = { type: 'after.reconnect', data: { n: 1 } };
      expect(await push.publish(join, event)).toBe('delivered');
      expect(await joinClient!.next()).toEqual(event);
      expect(await push.publish(stay, event)).toBe('delivered');
      expect(await stayClient.next()).toEqual(event);
      await stayClient.close();
      await joinClient!.close();
    }, 30_000);

    it('follows connects and clean closes at once where exactPresence is declared', async (ctx) => {
      if (!harness.push.capabilities.exactPresence) ctx.skip();
      const user = unique('exact');
      for (let round = 0; round < 3; round++) {
        const client = await harness.connect(user);
        expect(await waitFor(() => harness.push.isOnline(user), EXACT_PRESENCE_MS)).toBe(true);
        await client.close();
        expect(await waitFor(async () => !(await harness.push.isOnline(user)), EXACT_PRESENCE_MS)).toBe(true);
        expect(await harness.push.publish(user, { type: 'after.close', data: { round } })).toBe('offline');
      }
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
