import { describe, expect, it } from 'vitest';
import { awsConfigFromEnv } from '../src/config';

describe('awsConfigFromEnv push switch', () => {
  const base = { KUMO_TABLE: 'kumo', AWS_REGION: 'us-east-1' };

  it('keeps MQTT push by default', () => {
    const config = awsConfigFromEnv({ ...base, KUMO_MQTT_URL: 'mqtt://127.0.0.1:1883' });
    expect(config.mqtt?.url).toBe('mqtt://127.0.0.1:1883');
    expect(config.iotData).toBeUndefined();
  });

  it('uses the IoT data plane with KUMO_PUSH=iot-data (a host name becomes an https URL)', () => {
    const config = awsConfigFromEnv({ ...base, KUMO_PUSH: 'iot-data', KUMO_IOT_ENDPOINT: 'a1b2c3-ats.iot.us-east-1.amazonaws.com' });
    expect(config.iotData).toEqual({ endpoint: 'https://a1b2c3-ats.iot.us-east-1.amazonaws.com' });
    expect(config.mqtt).toBeUndefined();
  });

  it('tells game clients the broker URL from KUMO_PUSH_CLIENT_URL, in either push mode', () => {
    const clientUrl = 'wss://a1b2c3-ats.iot.us-east-1.amazonaws.com/mqtt';
    const iot = awsConfigFromEnv({ ...base, KUMO_PUSH: 'iot-data', KUMO_IOT_ENDPOINT: 'a1b2c3-ats.iot.us-east-1.amazonaws.com', KUMO_PUSH_CLIENT_URL: clientUrl });
    expect(iot.iotData?.clientUrl).toBe(clientUrl);
    expect(awsConfigFromEnv({ ...base, KUMO_MQTT_URL: 'mqtt://127.0.0.1:1883', KUMO_PUSH_CLIENT_URL: clientUrl }).mqtt?.clientUrl).toBe(clientUrl);
  });

  it('refuses an unknown push or a missing endpoint', () => {
    expect(() => awsConfigFromEnv({ ...base, KUMO_PUSH: 'websocket' })).toThrow(/KUMO_PUSH/);
    expect(() => awsConfigFromEnv({ ...base, KUMO_PUSH: 'iot-data' })).toThrow(/KUMO_IOT_ENDPOINT/);
  });

  it('delivers mobile push through SNS when a platform application is configured, and only then', () => {
    const mqtt = { ...base, KUMO_MQTT_URL: 'mqtt://127.0.0.1:1883' };
    expect(awsConfigFromEnv(mqtt).sns).toBeUndefined();
    const fcm = 'arn:aws:sns:us-east-1:123456789012:app/GCM/game';
    const apns = 'arn:aws:sns:us-east-1:123456789012:app/APNS/game';
    expect(awsConfigFromEnv({ ...mqtt, KUMO_SNS_FCM_APPLICATION_ARN: fcm, KUMO_SNS_APNS_APPLICATION_ARN: apns }).sns).toEqual({ platformApplications: { fcm, apns }, endpoint: undefined });
    expect(awsConfigFromEnv({ ...mqtt, KUMO_SNS_APNS_APPLICATION_ARN: apns }).sns?.platformApplications).toEqual({ apns });
  });
});
