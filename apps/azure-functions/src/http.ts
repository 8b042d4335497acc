import type { HttpRequest, HttpResponseInit } from '@azure/functions';

/** A Fetch handler, such as a Hono app's `fetch`. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/** The Functions request as a Fetch `Request`: same method, URL, headers, and the body as a stream. */
export function toFetchRequest(request: HttpRequest): Request {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== null;
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: hasBody ? request.body : undefined,
    duplex: 'half',
  } as RequestInit);
}

/** The Fetch `Response` as a Functions response: status, every header, and the body streamed as is. */
export function toHttpResponseInit(response: Response): HttpResponseInit {
  return { status: response.status, headers: response.headers, body: response.body ?? undefined };
}

/** Serves Functions HTTP requests with a Fetch handler. */
export function httpHandler(fetch: FetchHandler): (request: HttpRequest) => Promise<HttpResponseInit> {
  return async (request) => toHttpResponseInit(await fetch(toFetchRequest(request)));
}
