import { inject } from 'vitest';
import { ApnsStandIn, FcmStandIn, standInSettings } from '@kumo/adapter-mobile-push/testing';
import { describeMobilePush, unique } from '@kumo/conformance';
import { createGcpPorts } from '../src/index';

describeMobilePush('gcp (FCM v1 and APNs stand-ins; registry on the Datastore emulator)', async () => {
  const [fcm, apns] = await Promise.all([FcmStandIn.start(), ApnsStandIn.start()]);
  const settings = standInSettings(fcm, apns);
  const ports = createGcpPorts({
    projectId: 'kumo-test',
    datastore: { apiEndpoint: inject('datastoreHost'), namespace: unique('mobile') },
    pubsub: { apiEndpoint: inject('pubsubHost'), prefix: `${unique('mobile')}-` },
    mqtt: { url: inject('mqttUrl') },
    fcm: { endpoint: fcm.endpoint, accessToken: settings.fcm!.accessToken },
    apns: settings.apns,
  });
  const standIns = { fcm, apns };
  return {
    store: ports.store,
    mobilePush: ports.mobilePush,
    push: ports.push,
    platforms: ['fcm', 'apns'],
    delivered: (platform, token) => standIns[platform].deliveries.filter((d) => d.token === token).map((d) => d.event),
    invalidate: (platform, token) => standIns[platform].reject(token),
    close: async () => void (await Promise.all([ports.close(), fcm.close(), apns.close()])),
  };
});
