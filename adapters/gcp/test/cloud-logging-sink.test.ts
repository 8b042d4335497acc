import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogShipper } from '@kumo/core';
import { CloudLoggingSink } from '../src/index';
import { startCloudLoggingStandIn, type CloudLoggingStandIn } from '../testing';

describe('CloudLoggingSink (real @google-cloud/logging over REST against a Cloud Logging stand-in)', () => {
  let logging: CloudLoggingStandIn;
  let sink: CloudLoggingSink;
  beforeAll(async () => {
    logging = await startCloudLoggingStandIn();
    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: 'local-token', expiry_date: Date.now() + 3_600_000 });
    sink = new CloudLoggingSink({ projectId: 'kumo-test', client: { apiEndpoint: '127.0.0.1', port: logging.port, protocol: 'http', fallback: 'rest', authClient } as never });
  });
  afterAll(() => logging.stop());

  it('writes one structured entry per record, ERROR (500) for 5xx, into the kumo-access log', async () => {
    const shipper = new LogShipper(sink, { retryDelayMs: 1 });
    for (let i = 0; i < 1500; i += 1) shipper.write({ requestId: `r${i}`, response: { status: i === 7 ? 503 : 200 } });
    await shipper.flush();
    expect(logging.entries).toHaveLength(1500);
    expect(logging.entries[7]).toMatchObject({ logName: 'projects/kumo-test/logs/kumo-access', severity: 500, resource: { type: 'global' }, jsonPayload: { requestId: 'r7', response: { status: 503 } } });
    expect(logging.entries[8]!.severity).toBe(200); // LogSeverity INFO (the REST transport sends enums as numbers)
    expect(new Set(logging.tokens)).toEqual(new Set(['Bearer local-token']));
  });

  it('keeps the records while the API is unavailable and writes them once it is back', async () => {
    logging.entries.length = 0;
    const shipper = new LogShipper(sink, { attempts: 1 });
    shipper.write({ requestId: 'kept' });
    logging.unavailable = true;
    await shipper.flush();
    expect(shipper.stats()).toMatchObject({ buffered: 1, shipped: 0 });
    logging.unavailable = false;
    await shipper.flush();
    expect(logging.entries.map((entry) => entry.jsonPayload)).toEqual([{ requestId: 'kept' }]);
  });
});
