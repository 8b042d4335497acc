import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/** Baseline of the throughput bench: a bare @hono/node-server JSON route, listening on PORT. */
const app = new Hono();
app.get('/v1/wallet/ios', (c) => c.json({ store: 'ios', paid: 0, free: 0, total: 0 }));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, (info) => console.log(`listening on ${info.port}`));
