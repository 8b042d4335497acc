import { describe, expect, it } from 'vitest';
import { useBackend } from './backend-client';
import { listen } from './push-listener';

const api = useBackend();

describe('chat over HTTP with live push', () => {
  it('creates a room, pushes each post live to connected subscribers (not the author), lists newest first', async () => {
    const [author, reader, lurker] = await Promise.all([api.player(), api.player(), api.player()]);
    const room = await api.call('POST', '/v1/chat/rooms', { token: author.token, body: { name: 'Guild hall' } });
    expect(room).toMatchObject({ status: 201, body: { name: 'Guild hall', createdBy: author.userId } });
    const roomId = room.body.id;
    expect((await api.call('PUT', `/v1/chat/rooms/${roomId}/subscription`, { token: reader.token })).body).toEqual({ roomId, subscribed: true });
    const [authorSocket, readerSocket, lurkerSocket] = await Promise.all([listen(api.url(), author.token), listen(api.url(), reader.token), listen(api.url(), lurker.token)]);

    const posts = [];
    for (const text of ['first', 'second', 'third']) {
      const posted = await api.call('POST', `/v1/chat/rooms/${roomId}/messages`, { token: author.token, body: { text } });
      expect(posted.status).toBe(201);
      posts.push(posted.body);
    }
    await readerSocket.waitFor('chat.message', 3);
    expect(readerSocket.events.map((e) => e.data.text).sort()).toEqual(['first', 'second', 'third']);
    expect(readerSocket.events[0]!.data).toMatchObject({ roomId, userId: author.userId });
    expect(authorSocket.events).toEqual([]);
    expect(lurkerSocket.events).toEqual([]);
    [authorSocket, readerSocket, lurkerSocket].forEach((s) => s.close());

    const first = await api.call('GET', `/v1/chat/rooms/${roomId}/messages?limit=2`, { token: lurker.token });
    expect(first.body.messages.map((m: { text: string }) => m.text)).toEqual(['third', 'second']);
    const rest = await api.call('GET', `/v1/chat/rooms/${roomId}/messages?limit=2&cursor=${encodeURIComponent(first.body.cursor)}`, { token: lurker.token });
    expect(rest.body).toEqual({ messages: [posts[0]] });
    expect((await api.call('DELETE', `/v1/chat/rooms/${roomId}/subscription`, { token: reader.token })).body).toEqual({ roomId, subscribed: false });
  }, 30_000);

  it('lets the admin delete a message', async () => {
    const { token } = await api.player();
    const { body: room } = await api.call('POST', '/v1/chat/rooms', { token, body: { name: 'moderated' } });
    const { body: message } = await api.call('POST', `/v1/chat/rooms/${room.id}/messages`, { token, body: { text: 'spam' } });
    const path = `/v1/admin/chat/rooms/${room.id}/messages/${message.id}`;
    expect((await api.call('DELETE', path, { token })).status).toBe(403);
    const admin = await api.admin();
    expect((await api.call('DELETE', path, { token: admin })).body).toEqual({ deleted: true });
    const again = await api.call('DELETE', path, { token: admin });
    expect([again.status, again.body.code]).toEqual([404, 'message_not_found']);
    expect((await api.call('GET', `/v1/chat/rooms/${room.id}/messages`, { token })).body.messages).toEqual([]);
  }, 30_000);

  it('refuses bad input with clear 4xx problems', async () => {
    const { token } = await api.player();
    const { body: room } = await api.call('POST', '/v1/chat/rooms', { token, body: { name: 'strict' } });
    const post = (body: unknown, roomId = room.id) => api.call('POST', `/v1/chat/rooms/${roomId}/messages`, { token, body });
    for (const body of [{}, { text: '' }, { text: '   ' }, { text: 'x'.repeat(1001) }, { text: 5 }]) {
      const reply = await post(body);
      expect([reply.status, reply.body.code]).toEqual([400, 'invalid_request']);
    }
    expect((await post({ text: 'hi' }, 'not-an-id')).status).toBe(400);
    const missing = await post({ text: 'hi' }, '0000000000aaaaaaaaaaaaaaaa');
    expect([missing.status, missing.body.code]).toEqual([404, 'room_not_found']);
    expect((await api.call('POST', '/v1/chat/rooms', { token, body: { name: ' ' } })).status).toBe(400);
    expect((await api.call('GET', `/v1/chat/rooms/${room.id}/messages?limit=101`, { token })).status).toBe(400);
    expect((await api.call('GET', `/v1/chat/rooms/${room.id}/messages?cursor=${'z'.repeat(501)}`, { token })).status).toBe(400);
    expect((await api.call('GET', `/v1/chat/rooms/${room.id}`)).status).toBe(401);
  }, 30_000);

  it('answers a retried post with the first message; another text under the same requestId is 409, a bad requestId 400', async () => {
    const { token } = await api.player();
    const { body: room } = await api.call('POST', '/v1/chat/rooms', { token, body: { name: 'retries' } });
    const post = (body: unknown) => api.call('POST', `/v1/chat/rooms/${room.id}/messages`, { token, body });
    const first = await post({ text: 'hello', requestId: 'msg-1' });
    expect(first.status).toBe(201);
    expect(await post({ text: 'hello', requestId: 'msg-1' })).toMatchObject({ status: 201, body: first.body });
    const reused = await post({ text: 'hello again', requestId: 'msg-1' });
    expect([reused.status, reused.body.code]).toEqual([409, 'reference_reused']);
    for (const requestId of ['', 'x'.repeat(129), 'has space', 'naïve', 7]) {
      const reply = await post({ text: 'hi', requestId });
      expect([reply.status, reply.body.code]).toEqual([400, 'invalid_request']);
    }
    expect((await api.call('GET', `/v1/chat/rooms/${room.id}/messages`, { token })).body.messages).toEqual([first.body]);
  }, 30_000);

  it('documents every chat route in OpenAPI', async () => {
    const { body } = await api.call('GET', '/openapi.json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/chat/rooms',
        '/v1/chat/rooms/{roomId}',
        '/v1/chat/rooms/{roomId}/subscription',
        '/v1/chat/rooms/{roomId}/messages',
        '/v1/admin/chat/rooms/{roomId}/messages/{messageId}',
      ]),
    );
    const postMessage = body.paths['/v1/chat/rooms/{roomId}/messages'].post;
    expect(postMessage.requestBody.content['application/json'].schema.properties.requestId).toMatchObject({ type: 'string', maxLength: 128 });
    expect(Object.keys(postMessage.responses)).toContain('409');
  });
});
