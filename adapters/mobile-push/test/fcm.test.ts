import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Throttled } from '@kumo/core';
import { FcmMobilePush } from '../src/index';
import { FcmStandIn } from '../testing/index';

describe('FcmMobilePush against the FCM v1 stand-in', () => {
  let fcmApi: FcmStandIn;
  beforeAll(async () => {
    fcmApi = await FcmStandIn.start();
  });
  afterAll(() => fcmApi.close());
  beforeEach(() => fcmApi.reset());

  const fcm = (tokens: string[], onStaleToken?: (userId: string, token: string) => void) =>
    new FcmMobilePush({ projectId: 'game', endpoint: fcmApi.endpoint, accessToken: async () => 'ya29.test', deviceTokens: async () => tokens, onStaleToken });

  it('posts one HTTP v1 data message per device token, with the bearer token', async () => {
    await fcm(['phone', 'tablet']).send('u1', { type: 'inbox.new', data: { from: 'system', count: 2 } });
    expect(fcmApi.requests).toEqual(
      ['phone', 'tablet'].map((token) => ({
        path: '/v1/projects/game/messages:send',
        authorization: 'Bearer ya29.test',
        body: { message: { token, data: { type: 'inbox.new', data: '{"from":"system","count":2}' } } },
      })),
    );
  });

  it('sends nothing for a user without devices', async () => {
    await fcm([]).send('u2', { type: 'x', data: {} });
    expect(fcmApi.requests).toEqual([]);
  });

  it('reports an UNREGISTERED token as stale and still reaches the other devices', async () => {
    fcmApi.reject('old');
    const stale: string[] = [];
    await fcm(['old', 'new'], (_user, token) => void stale.push(token)).send('u3', { type: 'x', data: {} });
    expect(stale).toEqual(['old']);
    expect(fcmApi.deliveries.map((delivery) => delivery.token)).toEqual(['new']);
  });

  it('turns 429 into Throttled and other failures into an error, so the queued job is retried', async () => {
    fcmApi.answer('busy', 429, { error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'quota', details: [{ errorCode: 'QUOTA_EXCEEDED' }] } });
    fcmApi.answer('broken', 500, { error: { code: 500, status: 'INTERNAL', message: 'oops' } });
    await expect(fcm(['busy']).send('u4', { type: 'x', data: {} })).rejects.toBeInstanceOf(Throttled);
    await expect(fcm(['broken']).send('u4', { type: 'x', data: {} })).rejects.toMatchObject({ code: 'fcm_failed' });
  });
});
