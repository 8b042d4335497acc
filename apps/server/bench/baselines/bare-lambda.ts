import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

/** Baseline of the cold-start bench: a bare Hono app behind hono/aws-lambda answering 401 as Kumo's protected routes do. */
const app = new Hono();
app.get('/v1/*', (c) => c.json({ code: 'unauthorized', message: 'send Authorization: Bearer <token>' }, 401));

/** The handler, as Kumo's bundle exports it. */
export const http = handle(app);
