import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Throttled } from '@kumo/core';
import { FcmMobilePush } from '../src/index';

interface Received {
  path: string;
  authorization?: string;
  body: { message: { token: string; data: Record<string, string> } };
}

/** A real HTTP server standing in for fcm.googleapis.com: records requests, answers per token. */
describe('FcmMobilePush against a local FCM receiver', () => {
  const received: Received[] = [];
  const answers = new Map<string, { status: number; body: unknown }>();
  let server: Server;
  let endpoint: string;

  beforeAll(async () => {
    server = createServer(async (request: IncomingMessage, response) => {
      let text = '';
      for await (const chunk of request) text += chunk;
      const body = JSON.parse(text) as Received['body'];
      received.push({ path: request.url ?? '', authorization: request.headers.authorization, body });
      const answer = answers.get(body.message.token) ?? { status: 200, body: { name: `projects/game/messages/${received.length}` } };
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
    answers.clear();
  });

  const fcm = (tokens: string[], onStaleToken?: (userId: string, token: string) => void) =>
    new FcmMobilePush({ projectId: 'game', endpoint, accessToken: async () => 'ya29.test', deviceTokens: async () => tokens, onStaleToken });

  it('posts one HTTP v1 data message per device token, with the bearer token', async () => {
    await fcm(['phone', 'tablet']).send('u1', { type: 'inbox.new', data: { from: 'system', count: 2 } });
    expect(received).toEqual(
      ['phone', 'tablet'].map((token) => ({
        path: '/v1/projects/game/messages:send',
        authorization: 'Bearer ya29.test',
        body: { message: { token, data: { type: 'inbox.new', data: '{"from":"system","count":2}' } } },
      })),
    );
  });

  it('sends nothing for a user without devices', async () => {
    await fcm([]).send('u2', { type: 'x', data: {} });
    expect(received).toEqual([]);
  });

  it('reports an UNREGISTERED token as stale and still reaches the other devices', async () => {
    answers.set('old', { status: 404, body: { error: { code: 404, status: 'NOT_FOUND', message: 'Requested entity was not found.', details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'UNREGISTERED' }] } } });
    const stale: string[] = [];
    await fcm(['old', 'new'], (_user, token) => void stale.push(token)).send('u3', { type: 'x', data: {} });
    expect(stale).toEqual(['old']);
    expect(received.map((r) => r.body.message.token)).toEqual(['old', 'new']);
  });

  it('turns 429 into Throttled and other failures into an error, so the queued job is retried', async () => {
    answers.set('busy', { status: 429, body: { error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'quota', details: [{ errorCode: 'QUOTA_EXCEEDED' }] } } });
    answers.set('broken', { status: 500, body: { error: { code: 500, status: 'INTERNAL', message: 'oops' } } });
    await expect(fcm(['busy']).send('u4', { type: 'x', data: {} })).rejects.toBeInstanceOf(Throttled);
    await expect(fcm(['broken']).send('u4', { type: 'x', data: {} })).rejects.toMatchObject({ code: 'fcm_failed' });
  });
});
