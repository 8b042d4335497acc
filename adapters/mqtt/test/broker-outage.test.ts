import { spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { EventInbox, TcpLink, unique } from '@kumo/conformance';
import { BrokerUnavailable, connectAsUser, MqttPush } from '../src/index';

/** A local port with nothing listening: connections to it are refused. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const until = async (check: () => Promise<boolean>, timeoutMs = 10_000) => {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (await check().catch(() => false)) return true;
  }
  return false;
};

describe('MqttPush when the broker goes away and comes back', () => {
  it('created while the broker is down: calls fail fast naming the broker, then work once it is back', async () => {
    const broker = new URL(inject('mqttUrl'));
    const link = await TcpLink.open(broker.hostname, Number(broker.port));
    link.cut();
    const push = new MqttPush({ url: link.proxied(inject('mqttUrl')), waitMs: 500 });
    try {
      const started = Date.now();
      const failure = await push.isOnline('someone').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(BrokerUnavailable);
      expect((failure as Error).message).toMatch(new RegExp(`^MQTT broker mqtt://127\\.0\\.0\\.1:${link.port} is not connected: `));
      expect(Date.now() - started).toBeLessThan(2_000);
      await expect(push.publish('someone', { type: 'x', data: {} })).rejects.toBeInstanceOf(BrokerUnavailable);

      link.restore();
      const user = unique('back');
      const inbox = new EventInbox();
      const client = await connectAsUser({ url: inject('mqttUrl'), userId: user, onEvent: (event) => inbox.deliver(event) });
      expect(await until(() => push.isOnline(user))).toBe(true);
      expect(await push.publish(user, { type: 'after.outage', data: {} })).toBe('delivered');
      expect(await inbox.next()).toEqual({ type: 'after.outage', data: {} });

      link.cut();
      const refused = () => push.isOnline(user).then(() => false, (error: Error) => /is not connected: the connection dropped/.test(error.message));
      expect(await until(refused)).toBe(true);
      link.restore();
      expect(await until(() => push.isOnline(user))).toBe(true);
      await client.close();
    } finally {
      await push.close();
      await link.close();
    }
  }, 30_000);

  it('connect to a broker that refuses: rejects in time with the URL and the refusal, and lets the process exit', async () => {
    const port = await refusedPort();
    const url = `mqtt://127.0.0.1:${port}`;
    await expect(MqttPush.connect({ url, waitMs: 1_000 })).rejects.toThrow(new RegExp(`^MQTT broker ${url} is not connected: .*ECONNREFUSED`));

    // The same in a plain Node process, which must end by itself once the call has failed.
    const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
    const script = `import { MqttPush } from ${JSON.stringify(entry)};\nMqttPush.connect({ url: ${JSON.stringify(url)}, waitMs: 1000 }).catch((error) => console.log(error.code));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 15_000 });
    expect(child.error).toBeUndefined();
    expect([child.status, child.stdout.trim()]).toEqual([0, 'push_broker_unavailable']);
  }, 30_000);
});
