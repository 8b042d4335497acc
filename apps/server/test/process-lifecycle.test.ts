import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

const ROOT = resolve(import.meta.dirname, '../../..');
const ADMIN_KEY = 'lifecycle-admin-key-for-tests';

let server: ChildProcess;
let url: string;
let exited: Promise<{ code: number | null; at: number }>;
let dataDir: string;

/** Starts `npm start` as a real child process and waits for its URL. */
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kumo-lifecycle-'));
  server = spawn('npm', ['start'], { cwd: ROOT, env: { ...process.env, PORT: '0', KUMO_ADMIN_KEY: ADMIN_KEY, KUMO_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  exited = new Promise((done) => server.once('exit', (code) => done({ code, at: Date.now() })));
  url = await new Promise<string>((ready, fail) => {
    let out = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      out += String(chunk);
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) ready(match[1]!);
    });
    server.once('exit', () => fail(new Error(`npm start exited: ${out}`)));
  });
}, 60_000);

/** Whatever happened, nothing of the process group outlives the file, nor its data folder. */
afterAll(async () => {
  try {
    process.kill(-server.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
  await rm(dataDir, { recursive: true, force: true });
});

async function post(path: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${url}${path}`, { method: 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

describe('the local server as a process', () => {
  it('answers within a second whatever policy pattern meets whatever path (no backtracking)', async () => {
    const admin = (await post('/v1/admin/auth', { adminKey: ADMIN_KEY })).body.token!;
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: 'kumo:inventory:user/*/inventory/*-*-*-*-legacy' }] };
    const put = await fetch(`${url}/v1/admin/policies/kumo-default-player`, { method: 'PUT', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(document) });
    expect(put.status).toBe(200);
    const account = (await post('/v1/accounts')).body;
    const token = (await post('/v1/auth/login', account)).body.token!;
    const started = Date.now();
    const answer = await fetch(`${url}/v1/inventory/x/${'-'.repeat(480)}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(1_000) });
    expect(answer.status).toBe(403);
    expect(Date.now() - started).toBeLessThan(1_000);
  }, 30_000);

  it('on SIGTERM to `npm start`: refuses new connections, finishes the request in flight, closes push sockets with 1001 and exits 0 within 10 s', async () => {
    const account = (await post('/v1/accounts')).body;
    const token = (await post('/v1/auth/login', account)).body.token!;
    const socket = new WebSocket(`${url.replace('http', 'ws')}/v1/push?token=${token}`);
    await new Promise((open) => socket.once('open', open));
    const closed = new Promise<number>((done) => socket.once('close', (code) => done(code)));

    // A login whose body is still arriving when the signal comes.
    const body = JSON.stringify(account);
    const inFlight = new Promise<number>((done, fail) => {
      const req = request(`${url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        done(res.statusCode!);
      });
      req.on('error', fail);
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), 1_000);
    });
    await new Promise((wait) => setTimeout(wait, 200));
    const signalled = Date.now();
    server.kill('SIGTERM');

    expect(await closed).toBe(1001);
    await new Promise((wait) => setTimeout(wait, 200));
    await expect(fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    expect(await inFlight).toBe(200);
    const { code, at } = await exited;
    expect(code).toBe(0);
    expect(at - signalled).toBeLessThan(10_000);
  }, 30_000);
});
