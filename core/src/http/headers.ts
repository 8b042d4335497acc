import type { Context } from 'hono';

/** What `@hono/node-server` binds (`c.env`): the Node request, its headers already parsed, and the Node response. */
type NodeBindings = { incoming?: { headers?: Record<string, string | string[] | undefined> }; outgoing?: { setHeader?(name: string, value: string): unknown } };

/**
 * The request's headers as Node parsed them, when the app runs on `@hono/node-server`; reading
 * them there spares building the Fetch API `Headers` of the request, which a plain read never needs.
 */
const nodeHeaders = (c: Context) => (c.env as NodeBindings | undefined)?.incoming?.headers;

/** A request header by its lower-case name (values of a repeated header joined by `, `, as `Headers.get` does). */
export function requestHeader(c: Context, name: string): string | undefined {
  const headers = nodeHeaders(c);
  if (!headers) return c.req.header(name);
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Calls `each` with every request header, lower-case names. */
export function forEachRequestHeader(c: Context, each: (value: string, name: string) => void): void {
  const headers = nodeHeaders(c);
  if (!headers) return c.req.raw.headers.forEach(each);
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) each(Array.isArray(value) ? value.join(', ') : value, name);
  }
}

/**
 * Sets a header of the response the request will get, whatever response the route answers. On
 * `@hono/node-server` it goes on the Node response (which merges it when the answer is written),
 * sparing a Fetch API `Headers` for the response; elsewhere through Hono's `c.header`.
 */
export function setResponseHeader(c: Context, name: string, value: string): void {
  const outgoing = (c.env as NodeBindings | undefined)?.outgoing;
  if (outgoing?.setHeader) outgoing.setHeader(name, value);
  else c.header(name, value);
}
