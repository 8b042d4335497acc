import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogShipper } from '@kumo/core';
import { FirehoseLogSink } from '../src/index';
import { LOCAL_AWS, startFirehoseStandIn, type FirehoseStandIn } from '../testing';

describe('FirehoseLogSink (real @aws-sdk/client-firehose against a Firehose stand-in)', () => {
  let firehose: FirehoseStandIn;
  let sink: FirehoseLogSink;
  beforeAll(async () => {
    firehose = await startFirehoseStandIn();
    sink = new FirehoseLogSink({ deliveryStream: 'kumo-access', endpoint: firehose.endpoint, region: LOCAL_AWS.region, credentials: LOCAL_AWS.credentials });
  });
  afterAll(async () => {
    await sink.close();
    await firehose.stop();
  });

  it('ships records as JSON lines in batches of at most 500, retrying the records Firehose failed', async () => {
    const shipper = new LogShipper(sink, { retryDelayMs: 1 });
    for (let i = 0; i < 1200; i += 1) shipper.write({ requestId: `r${i}`, response: { status: 200 } });
    firehose.failNext(7);
    await shipper.flush();
    const lines = firehose.delivered.get('kumo-access')!;
    expect(lines).toHaveLength(1200);
    expect(new Set(lines).size).toBe(1200);
    expect(lines.every((line) => line.endsWith('\n'))).toBe(true);
    expect(JSON.parse(lines[0]!)).toEqual({ requestId: 'r7', response: { status: 200 } });
    expect(shipper.stats()).toMatchObject({ shipped: 1200, dropped: 0, buffered: 0 });
  });

  it('keeps the records while Firehose answers 503, and ships them once it is back', async () => {
    firehose.delivered.clear();
    const shipper = new LogShipper(sink, { attempts: 2, retryDelayMs: 1 });
    shipper.write({ requestId: 'kept' });
    firehose.unavailable = true;
    await shipper.flush();
    expect(shipper.stats()).toMatchObject({ buffered: 1, shipped: 0 });
    firehose.unavailable = false;
    await shipper.flush();
    expect(firehose.delivered.get('kumo-access')).toEqual(['{"requestId":"kept"}\n']);
  });
});
