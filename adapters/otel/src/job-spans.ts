import { context, defaultTextMapGetter, defaultTextMapSetter, SpanKind, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { PortDecorators, Queue } from '@kumo/core';
import { failed } from './port-spans';

/** The body field that carries the sender's W3C `traceparent` to the job (taken off before the handler runs). */
export const TRACE_CONTEXT_FIELD = 'kumoTraceparent';

const propagator = new W3CTraceContextPropagator();

type Body = Record<string, unknown>;

const isObject = (body: unknown): body is Body => typeof body === 'object' && body !== null && !Array.isArray(body);

/**
 * A queue whose `send`, made while a span is active, adds that span's W3C `traceparent` to an
 * object body as `kumoTraceparent`, so the job continues the trace of what enqueued it on every
 * queue (the field travels inside the message, where Storage Queues have no attributes). Other
 * bodies, and sends outside a trace, are sent as given.
 */
export function carryTraceContext(queue: Queue): Queue {
  return new Proxy(queue, {
    get(target, property) {
      if (property !== 'send') return Reflect.get(target, property, target);
      const send: Queue['send'] = (name, body, options) => {
        const carrier: Record<string, string> = {};
        propagator.inject(context.active(), carrier, defaultTextMapSetter);
        const traced = isObject(body) && carrier.traceparent ? { ...body, [TRACE_CONTEXT_FIELD]: carrier.traceparent } : body;
        return target.send(name, traced, options);
      };
      return send;
    },
  });
}

/**
 * A span per job (`PortDecorators.jobs`), named `job <queue>` (the job type), a consumer span
 * parented to the span that sent it when the body carries its trace context (`carryTraceContext`),
 * else the root of a trace of its own. The handler gets the body without the field; the job's store,
 * queue and push calls are its child spans. The caller flushes (a serverless trigger, before it returns).
 */
export function jobSpans(tracer: Tracer): NonNullable<PortDecorators['jobs']> {
  return (queue, body, run) => {
    const traceparent = isObject(body) ? body[TRACE_CONTEXT_FIELD] : undefined;
    const handed = isObject(body) && TRACE_CONTEXT_FIELD in body ? Object.fromEntries(Object.entries(body).filter(([field]) => field !== TRACE_CONTEXT_FIELD)) : body;
    const parent = typeof traceparent === 'string' ? propagator.extract(context.active(), { traceparent }, defaultTextMapGetter) : context.active();
    const attributes = { 'messaging.destination.name': queue, 'messaging.operation.type': 'process' };
    return tracer.startActiveSpan(`job ${queue}`, { kind: SpanKind.CONSUMER, attributes }, parent, async (span) => {
      try {
        await run(handed);
      } catch (error) {
        failed(span, error);
        throw error;
      }
      span.end();
    });
  };
}
