import { expect } from 'vitest';
import WebSocket from 'ws';
import { ADMIN_KEY } from '@kumo/server/test/backend-client';
import { createKumoClient, type FetchLike, type KumoClient, type WebSocketConstructor } from '../src';

/** A client of `baseUrl` as a Node 20 game would make it (the `ws` WebSocket), with short push backoff for tests. */
export function testClient(baseUrl: string, fetch?: FetchLike): KumoClient {
  return createKumoClient({ baseUrl, fetch, webSocket: WebSocket as unknown as WebSocketConstructor, retry: { initialMs: 20 }, pushBackoff: { initialMs: 50, maxMs: 500 } });
}

/** Requests seen by a `lossyFetch`, with their Idempotency-Key. */
export interface SentRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
}

/**
 * A `fetch` whose network loses the answer to the first request matching `path` (the server did
 * the work, the client sees a network error), as a mobile connection does; records every request.
 */
export function lossyFetch(path: RegExp): { fetch: FetchLike; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  let lost = false;
  return {
    sent,
    async fetch(request) {
      const { pathname } = new URL(request.url);
      sent.push({ method: request.method, path: pathname, idempotencyKey: request.headers.get('idempotency-key') });
      const response = await globalThis.fetch(request);
      if (lost || !path.test(pathname)) return response;
      lost = true;
      await response.body?.cancel();
      throw new TypeError('fetch failed: the connection was reset');
    },
  };
}

/** Resolves once `check` holds (polls every 20 ms; rejects after `timeoutMs`). */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A signed-up player and an operator of the backend at `baseUrl`. */
export async function playerAndOperator(baseUrl: string): Promise<{ player: KumoClient; userId: string; admin: KumoClient }> {
  const player = testClient(baseUrl);
  const admin = testClient(baseUrl);
  const [{ userId }] = await Promise.all([player.auth.signUp(), admin.auth.adminSignIn(ADMIN_KEY)]);
  return { player, userId, admin };
}

/** Sends the player an inbox message titled `title` and checks that `player.push` receives its `inbox.message` notice. */
export async function expectInboxNotice(admin: KumoClient, player: KumoClient, userId: string, title: string): Promise<void> {
  const notice = player.push.next('inbox.message');
  const { id } = await admin.POST('/v1/admin/users/{userId}/inbox', { params: { path: { userId } }, body: { title, grants: [] } });
  expect(await notice).toEqual({ messageId: id, title });
}
