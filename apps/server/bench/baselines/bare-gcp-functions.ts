import { http } from '@google-cloud/functions-framework';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';

/**
 * Baseline of the Cloud Functions cold start: a bare Hono app answering 401 as Kumo's protected
 * routes do, registered with the Functions Framework as HTTP function `api` through
 * @hono/node-server's `getRequestListener`, as Kumo's entry is.
 */
const app = new Hono();
app.get('/v1/*', (c) => c.json({ code: 'unauthorized', message: 'send Authorization: Bearer <token>' }, 401));
const listener = getRequestListener(app.fetch);

http('api', async (request, response) => {
  await listener(request, response);
});
