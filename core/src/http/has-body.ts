import type { Context } from 'hono';
import { requestHeader } from './headers';

/**
 * Whether the request has a body. A GET or HEAD is judged by its headers only (`Content-Length`
 * above 0 or `Transfer-Encoding`): touching `c.req.raw.body` makes the Node adapter build a full
 * Request, which the hot read path does not need. Other methods ask the request itself, since a
 * platform front end may pass a body without either header.
 */
export function hasBody(c: Context): boolean {
  const length = requestHeader(c, 'content-length');
  if ((length !== undefined && length !== '0') || requestHeader(c, 'transfer-encoding') !== undefined) return true;
  return c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.raw.body !== null;
}
