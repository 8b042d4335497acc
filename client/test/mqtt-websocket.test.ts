import { createServer, type AddressInfo } from 'node:net';
import Aedes from 'aedes';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createWebSocketStream, WebSocketServer } from 'ws';
import { MqttPush } from '@kumo/adapter-mqtt';
import { eventually, expectInboxNotice, playerAndOperator } from './clients';
import { startPushBackend, type PushBackend } from './push-backend';

/** An aedes broker listening on TCP (for the server side) and on WebSocket (for game clients). */
async function startBroker(): Promise<{ tcpUrl: string; wsUrl: string; close(): Promise<void> }> {
  const broker = new Aedes();
  const tcp = createServer(broker.handle);
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const ws = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => ws.once('listening', resolve));
  ws.on('connection', (socket) => broker.handle(createWebSocketStream(socket)));
  return {
    tcpUrl: `mqtt://127.0.0.1:${(tcp.address() as AddressInfo).port}`,
    wsUrl: `ws://127.0.0.1:${(ws.address() as AddressInfo).port}`,
    async close() {
      for (const client of ws.clients) client.terminate();
      await new Promise<void>((resolve) => ws.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}

let broker: Awaited<ReturnType<typeof startBroker>>;
let push: MqttPush;
let backend: PushBackend;

beforeAll(async () => {
  broker = await startBroker();
  push = await MqttPush.connect({ url: broker.tcpUrl, clientUrl: broker.wsUrl });
  backend = await startPushBackend(push);
});
afterAll(async () => {
  await backend?.stop();
  await push?.close();
  await broker?.close();
});

describe('client.push over MQTT on WebSocket (what browsers use)', () => {
  it('connects to a ws:// broker URL, receives typed events and leaves cleanly', async () => {
    const { player, userId, admin } = await playerAndOperator(backend.url);
    await player.push.connect();
    await eventually(() => push.isOnline(userId), 'online over WebSocket');
    await expectInboxNotice(admin, player, userId, 'Hello browser');
    await player.push.disconnect();
    await eventually(async () => !(await push.isOnline(userId)), 'offline after leaving', 1_000);
  });
});
