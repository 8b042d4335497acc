import { beforeAll, describe, expect, it } from 'vitest';
import { coreModule, createApp, createContainer, JobRunner, PORTS, resolve, SERVICES, type Clock, type Queue } from '@kumo/core';
import { createMemoryPorts, memoryModule } from '@kumo/adapter-memory';
import { devSecrets } from '../src/dev-secrets';

/** A clock that moves only when the test says so. */
class ManualClock implements Clock {
  at = Date.now();
  now(): number {
    return this.at;
  }
}

const QUEUE = 'test-grants';
let clock: ManualClock;
let container: ReturnType<typeof createContainer>;
let app: ReturnType<typeof createApp>;
let adminToken: string;

beforeAll(async () => {
  clock = new ManualClock();
  const ports = createMemoryPorts({ clock, queue: { maxAttempts: 3, visibilityTimeoutSeconds: 30 } });
  container = createContainer(memoryModule(ports), coreModule({ clock, secrets: devSecrets({ KUMO_ADMIN_KEY: 'local-admin-key-for-jobs-tests' }).secrets }));
  app = createApp(container, { accessLog: () => {} });
  adminToken = (await resolve(container, SERVICES.Tokens).issue({ userId: 'admin', role: 'admin' })).token;
});

async function call(method: string, path: string, options: { token?: string; body?: unknown } = {}) {
  const token = options.token ?? adminToken;
  const response = await app.request(path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('job queue admin', () => {
  it('lists the handled queues for the admin only', async () => {
    expect((await call('GET', '/v1/admin/jobs')).body.queues).toContainEqual({ name: 'kumo-mobile-push', deadLetterQueue: 'kumo-mobile-push-dlq' });
    const { userId } = await resolve(container, SERVICES.Accounts).create();
    const token = (await resolve(container, SERVICES.Tokens).issue({ userId, role: 'player' })).token;
    expect((await call('GET', '/v1/admin/jobs', { token })).status).toBe(403);
    expect((await call('GET', '/v1/admin/jobs', { token: 'nope' })).status).toBe(401);
  });

  it('retries after 2 s then 4 s, dead-letters after maxAttempts, and runs once after a replay', async () => {
    const queue = resolve(container, PORTS.Queue);
    const runner = new JobRunner(queue);
    const runs: number[] = [];
    let healthy = false;
    runner.register(QUEUE, async () => {
      runs.push(clock.at);
      if (!healthy) throw new Error('grant service down');
    });
    const start = clock.at;
    await queue.send(QUEUE, { jobId: 'j1' });
    const pollAt = async (secondsAfterStart: number) => {
      clock.at = start + secondsAfterStart * 1000;
      await runner.poll(0);
      return runs.length;
    };
    expect(await pollAt(0)).toBe(1);
    expect(await pollAt(1.9)).toBe(1);
    expect(await pollAt(2)).toBe(2);
    expect(await pollAt(5.9)).toBe(2);
    expect(await pollAt(6)).toBe(3);
    expect(await pollAt(14)).toBe(3);

    const listed = await call('GET', `/v1/admin/jobs/${QUEUE}/dead-letters`);
    expect(listed.body.deadLetters).toMatchObject([{ queue: QUEUE, body: { jobId: 'j1' } }]);
    const id = listed.body.deadLetters[0].id as string;
    healthy = true;
    expect((await call('POST', `/v1/admin/jobs/${QUEUE}/dead-letters/replay`, { body: { ids: [id] } })).body).toEqual({ replayed: [id] });
    expect(await pollAt(14)).toBe(4);
    expect(await pollAt(60)).toBe(4);
    expect((await call('GET', `/v1/admin/jobs/${QUEUE}/dead-letters`)).body.deadLetters).toEqual([]);
  });

  it('refuses unknown ids without replaying anything, discards one, and validates input', async () => {
    const queue = resolve(container, PORTS.Queue);
    const q = 'test-discard';
    await queue.send(`${q}-dlq`, { jobId: 'dead-1' });
    await queue.send(`${q}-dlq`, { jobId: 'dead-2' });
    const letters = (await call('GET', `/v1/admin/jobs/${q}/dead-letters?limit=1`)).body;
    expect(letters.deadLetters).toHaveLength(1);
    expect(letters.cursor).toBeTruthy();
    const all = (await call('GET', `/v1/admin/jobs/${q}/dead-letters`)).body.deadLetters as Array<{ id: string; body: unknown }>;
    expect(all.map((d) => d.body)).toEqual(expect.arrayContaining([{ jobId: 'dead-1' }, { jobId: 'dead-2' }]));
    const ids = all.map((d) => d.id);

    const unknown = await call('POST', `/v1/admin/jobs/${q}/dead-letters/replay`, { body: { ids: [ids[0], 'no-such-id'] } });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'dead_letter_not_found']);
    expect(await queue.receive(q)).toEqual([]);
    expect((await call('DELETE', `/v1/admin/jobs/${q}/dead-letters/${ids[0]}`)).status).toBe(204);
    expect((await call('DELETE', `/v1/admin/jobs/${q}/dead-letters/${ids[0]}`)).body.code).toBe('dead_letter_not_found');
    expect((await call('POST', `/v1/admin/jobs/${q}/dead-letters/replay`, { body: {} })).body).toEqual({ replayed: [ids[1]] });
    expect((await queue.receive(q)).map((m) => m.body)).toEqual([all[1]!.body]);

    expect((await call('GET', '/v1/admin/jobs/Bad_Queue!/dead-letters')).status).toBe(400);
    expect((await call('POST', `/v1/admin/jobs/${q}/dead-letters/replay`, { body: { ids: [] } })).status).toBe(400);
    expect((await call('GET', `/v1/admin/jobs/${q}/dead-letters?limit=500`)).status).toBe(400);
  });
});

describe('job worker', () => {
  /** A handler that waits until `width` jobs run at once (or 2 s pass) and records the most it saw. */
  function gate(width: number) {
    let running = 0;
    let most = 0;
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const handler = async () => {
      most = Math.max(most, ++running);
      if (running >= width) open();
      await Promise.race([opened, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      running--;
    };
    return { handler, most: () => most };
  }

  it('runs a batch of jobs, and the batches of several queues, side by side in one poll', async () => {
    const queue = resolve(container, PORTS.Queue);
    const runner = new JobRunner(queue);
    const fanouts = gate(6);
    runner.register('test-wide-a', fanouts.handler);
    runner.register('test-wide-b', fanouts.handler);
    for (let index = 0; index < 3; index++) await Promise.all([queue.send('test-wide-a', { index }), queue.send('test-wide-b', { index })]);
    const started = Date.now();
    expect(await runner.poll(0)).toBe(6);
    expect(fanouts.most()).toBe(6);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('still runs the other queues when one queue cannot be received from, then reports that error', async () => {
    const memory = resolve(container, PORTS.Queue);
    const broken = new Error('receive failed');
    const queue: Queue = {
      capabilities: memory.capabilities,
      send: (name, body, options) => memory.send(name, body, options),
      receive: (name, options) => (name === 'test-broken' ? Promise.reject(broken) : memory.receive(name, options)),
      ack: (name, message) => memory.ack(name, message),
      retry: (name, message, delay) => memory.retry(name, message, delay),
    };
    const runner = new JobRunner(queue);
    const ran: unknown[] = [];
    runner.register('test-broken', async () => {});
    runner.register('test-healthy', async (body) => void ran.push(body));
    await memory.send('test-healthy', { job: 1 });
    await expect(runner.poll(0)).rejects.toBe(broken);
    expect(ran).toEqual([{ job: 1 }]);
  });
});
