import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TOKEN_SECRET, useBackend } from './backend-client';

const CONSOLE = 'https://console.example.com';
const api = useBackend({ consoleOrigins: [CONSOLE] });

describe('push socket and token expiry', () => {
  it('delivers events until the token expires, then closes with 4001 token expired', async () => {
    const player = await api.player();
    const now = Math.floor(Date.now() / 1000);
    const shortLived = await sign({ sub: player.userId, role: 'player', iat: now, exp: now + 2 }, TOKEN_SECRET, 'HS256');
    const socket = new WebSocket(`${api.url().replace('http', 'ws')}/v1/push?token=${shortLived}`);
    const events: unknown[] = [];
    socket.on('message', (data) => events.push(JSON.parse(String(data))));
    await new Promise((open) => socket.once('open', open));
    const closed = new Promise<[number, string]>((done) => socket.once('close', (code, reason) => done([code, String(reason)])));
    expect(await api.backend().ports.push.publish(player.userId, { type: 'before-expiry', data: {} })).toBe('delivered');
    expect(await closed).toEqual([4001, 'token expired']);
    expect(events).toEqual([{ type: 'before-expiry', data: {} }]);
    await expect.poll(() => api.backend().ports.push.isOnline(player.userId)).toBe(false);
  }, 10_000);
});

describe('CORS for a console hosted apart (KUMO_CONSOLE_ORIGINS)', () => {
  const preflight = (origin: string) =>
    fetch(`${api.url()}/v1/admin/auth`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' } });

  it('answers the preflight of an allowed origin before auth, and refuses any other', async () => {
    const allowed = await preflight(CONSOLE);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(CONSOLE);
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    const admin = await fetch(`${api.url()}/v1/admin/jobs`, { method: 'OPTIONS', headers: { origin: CONSOLE, 'access-control-request-method': 'GET' } });
    expect(admin.status).toBe(204);

    const other = await preflight('https://elsewhere.example');
    expect(other.status).toBe(403);
    expect(((await other.json()) as { code: string }).code).toBe('origin_not_allowed');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await api.call('GET', '/health', { headers: { origin: 'https://elsewhere.example' } });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    expect((await api.call('GET', '/health', { headers: { origin: CONSOLE } })).headers.get('access-control-allow-origin')).toBe(CONSOLE);
  });
});
