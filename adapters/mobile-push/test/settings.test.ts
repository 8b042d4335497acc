import { describe, expect, it } from 'vitest';
import { MemoryStore } from '@kumo/adapter-memory';
import { createDeviceMobilePush, DeviceMobilePush, mobilePushSettingsFromEnv } from '../src/index';

describe('mobile push settings from the environment', () => {
  it('configures nothing without the variables, so the caller keeps its default', () => {
    expect(mobilePushSettingsFromEnv({})).toEqual({});
    expect(createDeviceMobilePush({}, new MemoryStore())).toBeUndefined();
  });

  it('enables each service by its variables', () => {
    const env = { KUMO_FCM_PROJECT_ID: 'game', KUMO_APNS_KEY_ID: 'KEY1234567', KUMO_APNS_KEY: 'pem', KUMO_APNS_TEAM_ID: 'TEAM123456', KUMO_APNS_TOPIC: 'com.example.game' };
    const settings = mobilePushSettingsFromEnv(env);
    expect(settings).toEqual({ fcm: { projectId: 'game' }, apns: { key: 'pem', keyId: 'KEY1234567', teamId: 'TEAM123456', topic: 'com.example.game', production: false } });
    expect(mobilePushSettingsFromEnv({ ...env, KUMO_FCM_PROJECT_ID: undefined, KUMO_APNS_PRODUCTION: 'true' })).toEqual({ apns: { ...settings.apns, production: true } });
    const push = createDeviceMobilePush(settings, new MemoryStore());
    expect(push).toBeInstanceOf(DeviceMobilePush);
    expect(push?.platforms).toEqual(['fcm', 'apns']);
  });

  it('names a missing APNs variable and never echoes a secret', () => {
    expect(() => mobilePushSettingsFromEnv({ KUMO_APNS_KEY_ID: 'KEY1234567', KUMO_APNS_KEY: 'pem', KUMO_APNS_TOPIC: 't' })).toThrow('KUMO_APNS_TEAM_ID');
    const secret = '{"private_key": "-----BEGIN PRIVATE KEY-----abc';
    expect(() => mobilePushSettingsFromEnv({ KUMO_FCM_PROJECT_ID: 'game', KUMO_FCM_CREDENTIALS: secret })).toThrow(/^KUMO_FCM_CREDENTIALS is not a JSON service account key$/);
  });
});
