import { app, type HttpMethod } from '@azure/functions';
import { Hono } from 'hono';
import { httpHandler } from '../../../azure-functions/src/http';

/**
 * Baseline of the Azure Functions cold start: a bare Hono app answering 401 as Kumo's protected
 * routes do, registered with @azure/functions v4 as HTTP function `kumo` (streamed bodies, every
 * method, route `{*path}`) through the same Functions ↔ Fetch conversion as Kumo's entry.
 */
app.setup({ enableHttpStream: true });
const hono = new Hono();
hono.get('/v1/*', (c) => c.json({ code: 'unauthorized', message: 'send Authorization: Bearer <token>' }, 401));
const methods: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
app.http('kumo', { methods, authLevel: 'anonymous', route: '{*path}', handler: httpHandler((request) => hono.fetch(request)) });
