import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useBackend } from './backend-client';

const backend = useBackend();

describe('GET /v1/push/connection on the local backend', () => {
  it("answers the push WebSocket's URL and token parameter, with which a client connects and receives a push", async () => {
    const player = await backend.player();
    const reply = await backend.call('GET', '/v1/push/connection', { token: player.token });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ protocol: 'websocket', url: `${backend.url().replace('http', 'ws')}/v1/push`, tokenParameter: 'token' });
    expect(JSON.stringify(reply.body)).not.toContain(player.token);

    const url = new URL(reply.body.url);
    url.searchParams.set(reply.body.tokenParameter, player.token);
    const socket = new WebSocket(url);
    const received = new Promise<unknown>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const gift = await backend.call('POST', `/v1/admin/users/${player.userId}/inbox`, { token: await backend.admin(), body: { title: 'Welcome', grants: [] } });
    expect(gift.status).toBe(201);
    expect(await received).toEqual({ type: 'inbox.message', data: { messageId: gift.body.id, title: 'Welcome' } });
    socket.close();
  });

  it('needs a player token', async () => {
    expect((await backend.call('GET', '/v1/push/connection')).status).toBe(401);
  });

  it('is in the OpenAPI document as getPushConnection', async () => {
    const document = (await backend.call('GET', '/openapi.json')).body;
    expect(document.paths['/v1/push/connection'].get.operationId).toBe('getPushConnection');
  });
});
