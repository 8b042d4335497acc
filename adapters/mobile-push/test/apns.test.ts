import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApnsMobilePush } from '../src/index';
import { ApnsStandIn } from '../testing/index';

describe('ApnsMobilePush against the APNs HTTP/2 stand-in', () => {
  let apnsApi: ApnsStandIn;
  const senders: ApnsMobilePush[] = [];
  beforeAll(async () => {
    apnsApi = await ApnsStandIn.start();
  });
  afterAll(async () => {
    await Promise.all(senders.map((sender) => sender.close()));
    await apnsApi.close();
  });
  beforeEach(() => apnsApi.reset());

  const apns = (tokens: string[], key = apnsApi.signingKey.key) => {
    const sender = new ApnsMobilePush({ ...apnsApi.signingKey, key, topic: 'com.example.game', production: false, address: apnsApi.address, ca: [apnsApi.ca], deviceTokens: async () => tokens });
    senders.push(sender);
    return sender;
  };
  const token = 'ab'.repeat(32);

  it('sends a background notification on the app’s topic, signed with the .p8 key', async () => {
    await apns([token]).send('u1', { type: 'matched', data: { gathering: 'g1' } });
    expect(apnsApi.deliveries).toEqual([{ token, event: { type: 'matched', data: { gathering: 'g1' } } }]);
    expect(apnsApi.headers).toEqual([{ topic: 'com.example.game', pushType: 'background' }]);
  });

  it('fails, so the job is retried, when APNs refuses the provider token', async () => {
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await expect(apns([token], otherKey).send('u2', { type: 'x', data: {} })).rejects.toMatchObject({ code: 'apns_failed' });
    expect(apnsApi.deliveries).toEqual([]);
  });
});
