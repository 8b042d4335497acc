import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '@kumo/adapter-memory';
import { createApp, MAINTENANCE_CHECK_MS, MAINTENANCE_PARTITION } from '@kumo/core';
import { leaveMaintenance } from '../src/maintenance';
import { migrate } from '../src/migrate';
import { checksums } from './stores';
import { seedWorld, servicesOn } from './world';

describe('kumo migrate --cutover', () => {
  it('puts the source into maintenance (writes answer 503 with Retry-After, reads work), verifies, and leaves the switch behind', async () => {
    const source = servicesOn();
    await seedWorld(source.container, 10);
    const app = createApp(source.container, { accessLog: () => {} });
    expect((await app.request('/v1/accounts', { method: 'POST' })).status).toBe(201);
    const target = new MemoryStore();
    const report = await migrate({ source: source.store, target, from: 'memory:a', to: 'memory:b', checkpointPath: join(mkdtempSync(join(tmpdir(), 'kumo-cutover-')), 'c.json'), cutover: { retryAfterSeconds: 30 } });
    expect(report).toMatchObject({ verified: true, cutover: { switchTo: 'memory:b' } });
    const refused = await app.request('/v1/accounts', { method: 'POST' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(await refused.json()).toMatchObject({ code: 'maintenance' });
    expect((await app.request('/health')).status).toBe(200);
    expect((await target.query(MAINTENANCE_PARTITION)).items).toEqual([]);
    expect(await checksums(target)).toEqual(await checksums(source.store));
    const moved = createApp(servicesOn(target).container, { accessLog: () => {} });
    expect((await moved.request('/v1/accounts', { method: 'POST' })).status).toBe(201);

    // Rolling back (or ending) the cutover: the old backend takes writes again once every instance looked.
    await leaveMaintenance(source.store);
    await new Promise((resolve) => setTimeout(resolve, MAINTENANCE_CHECK_MS + 100));
    expect((await app.request('/v1/accounts', { method: 'POST' })).status).toBe(201);
  }, 60_000);
});
