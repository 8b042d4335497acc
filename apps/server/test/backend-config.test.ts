import { describe, expect, it } from 'vitest';
import { backendConfigFromEnv } from '../src/backend-config';

describe('backendConfigFromEnv (what npm start runs on)', () => {
  it('keeps data in ./.kumo/data of the folder npm start was run from by default', () => {
    expect(backendConfigFromEnv({ INIT_CWD: '/srv/game' })).toEqual({ storage: { kind: 'postgres', database: { embedded: true, dataDir: '/srv/game/.kumo/data' } } });
    expect(backendConfigFromEnv({ INIT_CWD: '/srv/game', KUMO_DATA_DIR: '../worlds/a' }).storage).toMatchObject({ database: { dataDir: '/srv/worlds/a' } });
  });

  it('uses a PostgreSQL server with KUMO_DATABASE_URL, memory with KUMO_STORE=memory, and refuses other stores', () => {
    expect(backendConfigFromEnv({ KUMO_DATABASE_URL: 'postgres://db/kumo' }).storage).toEqual({ kind: 'postgres', database: { url: 'postgres://db/kumo' } });
    expect(backendConfigFromEnv({ KUMO_STORE: 'memory', KUMO_DATABASE_URL: 'postgres://db/kumo' }).storage).toEqual({ kind: 'memory' });
    expect(() => backendConfigFromEnv({ KUMO_STORE: 'dynamo' })).toThrow(/KUMO_STORE/);
  });

  it('shares push through the broker named by KUMO_MQTT_URL, telling clients KUMO_PUSH_CLIENT_URL', () => {
    expect(backendConfigFromEnv({ KUMO_STORE: 'memory' }).mqtt).toBeUndefined();
    expect(backendConfigFromEnv({ KUMO_MQTT_URL: 'mqtt://broker:1883', KUMO_PUSH_CLIENT_URL: 'wss://broker.example.com/mqtt' }).mqtt).toMatchObject({
      url: 'mqtt://broker:1883',
      clientUrl: 'wss://broker.example.com/mqtt',
    });
  });

  it('sends mobile push straight to FCM and APNs only when their variables are set', () => {
    expect(backendConfigFromEnv({ KUMO_STORE: 'memory' }).mobilePush).toBeUndefined();
    expect(backendConfigFromEnv({ KUMO_STORE: 'memory', KUMO_FCM_PROJECT_ID: 'game' }).mobilePush).toEqual({ fcm: { projectId: 'game' } });
  });
});
