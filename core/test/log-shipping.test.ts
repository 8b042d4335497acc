import { describe, expect, it } from 'vitest';
import { ErrorAlerts, LogShipper, type AccessLogEntry, type Alert, type LogSink } from '../src/index';

/** A sink that records what it received and fails as told. */
function recordingSink(maxBatch: number, behave: (batch: readonly object[], call: number) => readonly object[] | 'throw' = () => []) {
  const received: object[][] = [];
  const sink: LogSink & { received: object[][] } = {
    name: 'recording',
    maxBatch,
    received,
    async ship(records) {
      const outcome = behave(records, received.length);
      received.push([...records]);
      if (outcome === 'throw') throw new Error('sink down');
      return outcome;
    },
  };
  return sink;
}

const records = (n: number) => Array.from({ length: n }, (_, i) => ({ i }));

describe('LogShipper', () => {
  it('ships the buffer in batches of the sink size, in order', async () => {
    const sink = recordingSink(4);
    const shipper = new LogShipper(sink);
    records(10).forEach(shipper.write);
    await shipper.flush();
    expect(sink.received.map((batch) => batch.length)).toEqual([4, 4, 2]);
    expect(sink.received.flat()).toEqual(records(10));
    expect(shipper.stats()).toEqual({ buffered: 0, shipped: 10, dropped: 0, failures: 0 });
  });

  it('retries a failed batch and the records a sink refused, without duplicates', async () => {
    const sink = recordingSink(10, (batch, call) => (call === 0 ? 'throw' : call === 1 ? batch.slice(0, 2) : []));
    const shipper = new LogShipper(sink, { retryDelayMs: 1 });
    records(5).forEach(shipper.write);
    await shipper.flush();
    expect(sink.received).toEqual([records(5), records(5), records(2)]);
    expect(shipper.stats()).toMatchObject({ buffered: 0, shipped: 5, dropped: 0, failures: 2 });
  });

  it('keeps records while the sink is down, drops and counts past the bound, and ships the rest once it is back', async () => {
    let down = true;
    const sink = recordingSink(100, () => (down ? 'throw' : []));
    const drops: number[] = [];
    const shipper = new LogShipper(sink, { maxBuffered: 5, attempts: 2, retryDelayMs: 1, onDrop: (dropped) => drops.push(dropped) });
    records(8).forEach(shipper.write);
    await expect(shipper.flush()).resolves.toBeUndefined();
    expect(shipper.stats()).toMatchObject({ buffered: 5, shipped: 0, dropped: 3 });
    expect(drops).toEqual([3]);
    down = false;
    await shipper.flush();
    expect(shipper.stats()).toMatchObject({ buffered: 0, shipped: 5, dropped: 3 });
    expect(sink.received.at(-1)).toEqual(records(5));
  });
});

function entry(status: number, requestId: string, action = 'wallet:GetWallet'): AccessLogEntry {
  return { at: '', requestId, request: { method: 'GET', path: '/v1/wallet', query: '', action }, response: { status, durationMs: 1 } };
}

describe('ErrorAlerts', () => {
  it('groups a burst of 5xx into one alert, rate-limited, with counts per action and sample request ids', async () => {
    const clock = { at: 1_000_000, now: () => clock.at };
    const sent: Alert[] = [];
    const alerts = new ErrorAlerts({ send: async (alert) => void sent.push(alert) }, { clock, minIntervalMs: 60_000 });
    for (let i = 0; i < 30; i += 1) alerts.observe(entry(i % 3 === 0 ? 503 : 500, `r${i}`, i % 2 ? 'wallet:GetWallet' : 'chat:PostMessage'));
    alerts.observe(entry(404, 'not-an-error'));
    clock.at += 12_000;
    await alerts.flush();
    alerts.observe(entry(500, 'later'));
    await alerts.flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: 'server_errors', count: 30, samples: ['r0', 'r1', 'r2', 'r3', 'r4'] });
    expect(sent[0]!.groups.reduce((sum, group) => sum + group.count, 0)).toBe(30);
    expect(sent[0]!.groups[0]).toEqual({ name: 'wallet:GetWallet → 500', count: 10 });
    clock.at += 60_000;
    await alerts.flush();
    expect(sent.map((alert) => alert.count)).toEqual([30, 1]);
  });

  it('keeps the burst when the channel fails and sends it with later errors', async () => {
    let failing = true;
    const sent: Alert[] = [];
    const alerts = new ErrorAlerts({ send: async (alert) => (failing ? Promise.reject(new Error('webhook down')) : void sent.push(alert)) }, { minIntervalMs: 0 });
    alerts.observe(entry(500, 'a'));
    await alerts.flush();
    failing = false;
    alerts.observe(entry(502, 'b'));
    await alerts.flush();
    expect(sent.map((alert) => [alert.count, alert.samples])).toEqual([[2, ['a', 'b']]]);
  });
});
