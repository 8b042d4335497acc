import { describe, expect, it } from 'vitest';
import { azureConfigFromEnv } from '../src/config';

describe('azureConfigFromEnv', () => {
  const env = { KUMO_COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/', KUMO_COSMOS_KEY: 'k', KUMO_STORAGE: 's', KUMO_WEB_PUBSUB: 'w' };

  it('reads the app settings, with defaults for database, container and hub', () => {
    expect(azureConfigFromEnv(env)).toEqual({
      cosmos: { endpoint: env.KUMO_COSMOS_ENDPOINT, key: 'k', database: 'kumo', container: 'store' },
      storage: { connectionString: 's' },
      webPubSub: { connectionString: 'w', hub: 'kumo' },
    });
  });

  it('names the missing setting', () => {
    expect(() => azureConfigFromEnv({ ...env, KUMO_WEB_PUBSUB: undefined })).toThrow('KUMO_WEB_PUBSUB');
  });

  it('configures Notification Hubs mobile push only when its connection string is set', () => {
    expect(azureConfigFromEnv(env).notificationHubs).toBeUndefined();
    const connectionString = 'Endpoint=sb://game.servicebus.windows.net/;SharedAccessKeyName=DefaultFullSharedAccessSignature;SharedAccessKey=secret';
    expect(azureConfigFromEnv({ ...env, KUMO_NOTIFICATION_HUBS: connectionString }).notificationHubs).toEqual({ connectionString, hub: 'kumo' });
    expect(azureConfigFromEnv({ ...env, KUMO_NOTIFICATION_HUBS: connectionString, KUMO_NOTIFICATION_HUB: 'game' }).notificationHubs?.hub).toBe('game');
  });
});
