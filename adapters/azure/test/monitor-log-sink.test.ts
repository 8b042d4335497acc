import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogShipper } from '@kumo/core';
import { MonitorLogSink } from '../src/index';
import { emulatorAgent, startMonitorIngestionStandIn, type MonitorIngestionStandIn } from '../testing';

const credential = { getToken: async () => ({ token: 'entra-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

describe('MonitorLogSink (real @azure/monitor-ingestion against a Logs Ingestion stand-in)', () => {
  let monitor: MonitorIngestionStandIn;
  let sink: MonitorLogSink;
  beforeAll(async () => {
    monitor = await startMonitorIngestionStandIn();
    sink = new MonitorLogSink({ endpoint: monitor.endpoint, ruleId: 'dcr-0001', streamName: 'Custom-KumoAccess', credential, agent: emulatorAgent });
  });
  afterAll(() => monitor.stop());

  it('uploads every record, gzip-compressed, with the Entra token', async () => {
    const shipper = new LogShipper(sink, { retryDelayMs: 1 });
    for (let i = 0; i < 2500; i += 1) shipper.write({ requestId: `r${i}`, response: { status: 200 } });
    await shipper.flush();
    const records = monitor.received.get('dcr-0001/Custom-KumoAccess')!;
    expect(records).toHaveLength(2500);
    expect(records[2499]).toEqual({ requestId: 'r2499', response: { status: 200 } });
    expect(new Set(monitor.tokens)).toEqual(new Set(['Bearer entra-token']));
    expect(shipper.stats()).toMatchObject({ shipped: 2500, buffered: 0, dropped: 0 });
  });

  it('keeps the records the service refused and ships them once it is back', async () => {
    monitor.received.clear();
    const shipper = new LogShipper(sink, { attempts: 1 });
    shipper.write({ requestId: 'kept' });
    monitor.unavailable = true;
    await shipper.flush();
    expect(shipper.stats()).toMatchObject({ buffered: 1, shipped: 0 });
    monitor.unavailable = false;
    await shipper.flush();
    expect(monitor.received.get('dcr-0001/Custom-KumoAccess')).toEqual([{ requestId: 'kept' }]);
  });
});
