import { context, createContextKey, SpanKind, SpanStatusCode, trace, type Histogram, type Meter, type TextMapGetter, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from '@kumo/core';

/** What port calls report back to the request they serve (see `port-spans.ts`). */
export interface RequestTally {
  /** Commits that met a `Conflict` (each is retried by `transact`). */
  conflicts: number;
}

/** Where the request's tally sits in the OpenTelemetry context. */
export const REQUEST_TALLY = createContextKey('kumo.request.tally');

/** Request duration buckets in seconds (the semantic conventions' advice). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

const headerGetter: TextMapGetter<Headers> = {
  keys: (headers) => [...headers.keys()],
  get: (headers, key) => headers.get(key) ?? undefined,
};

/** The request duration histogram: its count per route and status is the rate and the errors, its buckets the duration (RED). */
export function requestDuration(meter: Meter): Histogram {
  return meter.createHistogram('http.server.request.duration', { description: 'Duration of HTTP requests', unit: 's', advice: { explicitBucketBoundaries: DURATION_BUCKETS } });
}

/**
 * A server span per request, continuing the caller's trace (W3C `traceparent`), named
 * `METHOD /route/:param` once routing is done, with the status, the request id and the conflicts
 * retried by its store calls; and one `http.server.request.duration` record per request with
 * its method, route and status (`error.type` on 5xx). Only the path is recorded, never the query
 * string (the push socket's token travels there).
 */
export function requestSpans(tracer: Tracer, duration: Histogram): MiddlewareHandler<AppEnv> {
  const propagator = new W3CTraceContextPropagator();
  return async (c, next) => {
    const method = c.req.method;
    const parent = propagator.extract(context.active(), c.req.raw.headers, headerGetter);
    const span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'url.path': c.req.path } }, parent);
    const tally: RequestTally = { conflicts: 0 };
    const started = performance.now();
    try {
      await context.with(trace.setSpan(parent, span).setValue(REQUEST_TALLY, tally), next);
    } finally {
      const route = routePath(c, -1);
      const status = c.res.status;
      const attributes = { 'http.request.method': method, 'http.route': route, 'http.response.status_code': status, ...(status >= 500 ? { 'error.type': String(status) } : {}) };
      span.updateName(`${method} ${route}`);
      span.setAttributes({ ...attributes, 'kumo.request_id': c.get('requestId'), 'kumo.store.conflicts_retried': tally.conflicts });
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      duration.record((performance.now() - started) / 1000, attributes);
    }
  };
}
