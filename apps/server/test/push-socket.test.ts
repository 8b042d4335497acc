import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { devSecrets } from '../src/dev-secrets';
import { startLocalBackend, type LocalBackend } from '../src/local-backend';

let backend: LocalBackend;

beforeAll(async () => {
  backend = await startLocalBackend({ port: 0, secrets: devSecrets({}).secrets, accessLog: () => {} });
});
afterAll(async () => backend.stop());

async function login(): Promise<{ userId: string; token: string }> {
  const account = (await (await fetch(`${backend.url}/v1/accounts`, { method: 'POST' })).json()) as { userId: string; secret: string };
  const response = await fetch(`${backend.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
  return { userId: account.userId, token: ((await response.json()) as { token: string }).token };
}

function open(path: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${backend.url.replace('http', 'ws')}${path}`);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
  });
}

describe('push WebSocket of the local backend', () => {
  it('delivers a published event to the connected player and reports presence', async () => {
    const { userId, token } = await login();
    const socket = await open(`/v1/push?token=${token}`);
    const received = new Promise<unknown>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
    expect(await backend.ports.push.isOnline(userId)).toBe(true);
    expect(await backend.ports.push.publish(userId, { type: 'matched', data: { gathering: 'g1' } })).toBe('delivered');
    expect(await received).toEqual({ type: 'matched', data: { gathering: 'g1' } });
    socket.close();
    await new Promise((resolve) => socket.once('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await backend.ports.push.isOnline(userId)).toBe(false);
  });

  it('refuses a connection without a valid token', async () => {
    await expect(open('/v1/push?token=forged')).rejects.toThrow('HTTP 401');
    await expect(open('/v1/push')).rejects.toThrow('HTTP 401');
  });
});
