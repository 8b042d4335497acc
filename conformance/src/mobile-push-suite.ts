import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DevicesService,
  mobilePushJob,
  MOBILE_PUSH_QUEUE,
  Notifier,
  queueDeviceRelease,
  systemClock,
  type DevicePlatform,
  type MobilePush,
  type Push,
  type PushEvent,
  type Queue,
  type Store,
} from '@kumo/core';
import { unique } from './unique';
import { waitFor } from './wait-for';

/**
 * An adapter's mobile push wired to local stand-ins of the push services' HTTP APIs (FCM v1,
 * APNs, SNS, Notification Hubs), driven by the real SDKs.
 */
export interface MobilePushHarness {
  /** The adapter's store: the device registry lives there. */
  store: Store;
  /** The adapter's mobile push, reading tokens from (and forgetting them in) that registry. */
  mobilePush: MobilePush;
  /** The device platforms it delivers to; each gets the cases below. */
  platforms: DevicePlatform[];
  /** The events the stand-in accepted for this device token, in order. */
  delivered(platform: DevicePlatform, token: string): PushEvent[] | Promise<PushEvent[]>;
  /** From now on the service reports the token invalid (the app was uninstalled). */
  invalidate(platform: DevicePlatform, token: string): void | Promise<void>;
  /**
   * Whether the push service's object for the token (an SNS endpoint, a hub installation) was
   * deleted, as its stand-in recorded; omitted where the adapter keeps none.
   */
  released?(platform: DevicePlatform, token: string): boolean | Promise<boolean>;
  /** The live push the Notifier tries first; default: one that finds every user offline. */
  push?: Push;
  close?(): Promise<void>;
}

/** A token of the platform's shape no other case uses. */
const newToken = (platform: DevicePlatform) => (platform === 'apns' ? randomBytes(32).toString('hex') : `fcm-${randomBytes(24).toString('base64url')}`);

const everyoneOffline: Push = { capabilities: { presence: true, exactPresence: true }, publish: async () => 'offline', isOnline: async () => false };

/** A queue that keeps what is sent, so the suite runs the queued job itself. */
class SentJobs implements Pick<Queue, 'send'> {
  readonly jobs: Array<{ queue: string; body: unknown }> = [];
  async send(queue: string, body: unknown): Promise<void> {
    this.jobs.push({ queue, body: structuredClone(body) });
  }
}

/**
 * The mobile part of the push contract: a player who is offline gets the notification on every
 * registered device through the Notifier (live push → queued job → `MobilePush`), and a token the
 * push service reports invalid is forgotten in the device registry while the player's other
 * devices still get it; a device the player unregisters gets nothing more, and what the service
 * kept for it is released by a queued job.
 */
export function describeMobilePush(name: string, factory: () => Promise<MobilePushHarness>): void {
  describe(`Mobile push conformance: ${name}`, () => {
    let harness: MobilePushHarness;
    let devices: DevicesService;
    beforeAll(async () => {
      harness = await factory();
      devices = new DevicesService(harness.store, systemClock);
    });
    afterAll(async () => harness?.close?.());

    const received = (platform: DevicePlatform, token: string, event: PushEvent) =>
      waitFor(async () => (await harness.delivered(platform, token)).some((got) => got.type === event.type && JSON.stringify(got.data) === JSON.stringify(event.data)));

    /** Notifies through a Notifier and runs the job it queued, as the queue's worker would. */
    const notifyOffline = async (userId: string, event: PushEvent) => {
      const queue = new SentJobs();
      expect(await new Notifier(harness.push ?? everyoneOffline, queue as unknown as Queue).notify(userId, event)).toBe('queued');
      expect(queue.jobs.map((job) => job.queue)).toEqual([MOBILE_PUSH_QUEUE]);
      await mobilePushJob(harness.mobilePush, queue)(queue.jobs[0]!.body);
    };

    it('delivers to an offline player on every platform it serves', async () => {
      const player = unique('offline');
      const tokens = harness.platforms.map((platform) => ({ platform, token: newToken(platform) }));
      for (const device of tokens) await devices.register(player, device);
      const event = { type: 'inbox.new', data: { from: 'system', count: 2, note: 'héllo' } };
      await notifyOffline(player, event);
      for (const { platform, token } of tokens) expect(await received(platform, token, event), `${platform} device got the event`).toBe(true);
    });

    it('sends nothing and succeeds for a player without devices', async () => {
      await expect(harness.mobilePush.send(unique('nodevice'), { type: 'x', data: {} })).resolves.toBeUndefined();
    });

    it('forgets a token the service reports invalid; the player’s other devices still get notified', async () => {
      for (const platform of harness.platforms) {
        const player = unique(`stale-${platform}`);
        const [stale, fresh] = [newToken(platform), newToken(platform)];
        await devices.register(player, { platform, token: stale });
        await devices.register(player, { platform, token: fresh });
        const first = { type: 'first', data: { n: 1 } };
        await notifyOffline(player, first);
        expect(await received(platform, stale, first)).toBe(true);
        await harness.invalidate(platform, stale);
        const second = { type: 'second', data: { n: 2 } };
        await notifyOffline(player, second);
        expect(await received(platform, fresh, second)).toBe(true);
        expect(await devices.tokens(player, platform), `${platform}: the invalid token is forgotten`).toEqual([fresh]);
        expect((await harness.delivered(platform, stale)).map((event) => event.type)).toEqual(['first']);
        if (harness.released) expect(await harness.released(platform, stale), `${platform}: the service's object of the invalid token is deleted`).toBe(true);
      }
    });

    it('stops notifying a device the player unregisters, releasing what the service kept for it through the queue', async () => {
      for (const platform of harness.platforms) {
        const releases = new SentJobs();
        const registry = new DevicesService(harness.store, systemClock, (userId, removed, token) => queueDeviceRelease(releases as unknown as Queue, userId, removed, token));
        const player = unique(`gone-${platform}`);
        const [gone, kept] = [newToken(platform), newToken(platform)];
        await registry.register(player, { platform, token: gone });
        const { deviceId } = await registry.register(player, { platform, token: kept });
        const first = { type: 'before', data: { n: 1 } };
        await notifyOffline(player, first);
        expect(await received(platform, gone, first)).toBe(true);
        const goneId = (await registry.list(player)).find((device) => device.deviceId !== deviceId)!.deviceId;
        await registry.unregister(player, goneId);
        expect(releases.jobs.map((job) => job.queue)).toEqual([MOBILE_PUSH_QUEUE]);
        for (const job of releases.jobs) await mobilePushJob(harness.mobilePush, releases)(job.body);
        if (harness.released) expect(await harness.released(platform, gone), `${platform}: the service's object of the unregistered token is deleted`).toBe(true);
        const second = { type: 'after', data: { n: 2 } };
        await notifyOffline(player, second);
        expect(await received(platform, kept, second)).toBe(true);
        expect((await harness.delivered(platform, gone)).map((event) => event.type), `${platform}: the unregistered device got nothing more`).toEqual(['before']);
      }
    });
  });
}
