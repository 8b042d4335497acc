import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { Conflict, type ConsumptionMeter, type ConsumptionPort, type ConsumptionUnit, type DocAddress, type Operation, type PortDecorators } from '@kumo/core';
import { carryTraceContext, jobSpans } from './job-spans';
import { REQUEST_TALLY, type RequestTally } from './request-spans';

/** The span attributes of one call: what it touched. */
type Describe = (method: string, args: unknown[]) => Attributes;

/** Store calls: the partition (the first one of a batch), how many operations and partitions a commit or batch read spans. */
const describeStoreCall: Describe = (method, args) => {
  const [first] = args;
  if (method === 'commit' || method === 'getMany') {
    const items = first as readonly (Operation | DocAddress)[];
    return { 'kumo.store.partition': items[0]?.partition ?? '', 'kumo.store.items': items.length, 'kumo.store.partitions': new Set(items.map((item) => item.partition)).size };
  }
  return typeof first === 'string' ? { 'kumo.store.partition': first } : {};
};

/** Queue calls: the queue. */
const describeQueueCall: Describe = (_, [queue]) => (typeof queue === 'string' ? { 'messaging.destination.name': queue } : {});

/** Push calls: nothing more than the operation (the player id stays out of traces). */
const describePushCall: Describe = () => ({});

/** What a port call consumed, by attribute name, keyed by the call's span (see `spanConsumption`). */
const CALL_UNITS = new WeakMap<Span, Map<string, number>>();

/** The span attribute of a consumed unit, e.g. `kumo.store.consumed.read_capacity_units`. */
const unitAttribute = (port: ConsumptionPort, unit: ConsumptionUnit) => `kumo.${port}.consumed.${unit.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)}`;

/**
 * A consumption meter that puts what each traced port call consumed on that call's span, as
 * `kumo.<port>.consumed.<unit>` (the cloud's own units in snake case: DynamoDB's
 * `read_capacity_units` / `write_capacity_units`, Cosmos DB's `request_units`, Datastore's
 * `entity_reads` / `entity_writes` / `entity_deletes`, `rows_read` / `rows_written`), summed over
 * the call. An adapter records on it from inside the call (`meterDynamoClient`,
 * `cosmosConsumptionPlugin`, `meterDatastore`), in the call's async context; what is recorded
 * outside a traced call is dropped.
 */
export const spanConsumption: ConsumptionMeter = {
  record(port, unit, amount) {
    const span = trace.getActiveSpan();
    if (!span || !(amount > 0)) return;
    let units = CALL_UNITS.get(span);
    if (!units) CALL_UNITS.set(span, (units = new Map()));
    const name = unitAttribute(port, unit);
    units.set(name, (units.get(name) ?? 0) + amount);
  },
};

/** Ends a span with what its call consumed, if anything was recorded. */
function ended(span: Span): void {
  const units = CALL_UNITS.get(span);
  if (units) span.setAttributes(Object.fromEntries(units));
  span.end();
}

/** Ends a span with the call's error (and counts a conflict in the request's tally). */
export function failed(span: Span, error: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  span.setAttribute('error.type', error instanceof Error ? ((error as { code?: string }).code ?? error.name) : 'unknown');
  const tally = context.active().getValue(REQUEST_TALLY) as RequestTally | undefined;
  if (error instanceof Conflict && tally) tally.conflicts++;
  ended(span);
}

const isThenable = (value: unknown): value is PromiseLike<unknown> => typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';

/**
 * A port whose every method call, made while a request's or a job's span is active, runs in a
 * child span `<port>.<method>` with `kumo.operation` and what `describe` says; the result and any
 * error pass through unchanged, and every property (capabilities, optional methods) is the port's
 * own. Calls outside both (the job worker's polling) are not traced. What the call consumed, recorded on
 * `spanConsumption`, ends up on its span.
 */
function tracedPort<T extends object>(port: T, name: string, tracer: Tracer, describe: Describe): T {
  return new Proxy(port, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        if (!trace.getSpan(context.active())) return value.apply(target, args);
        const attributes = { 'kumo.operation': property, ...describe(property, args) };
        return tracer.startActiveSpan(`${name}.${property}`, { kind: SpanKind.CLIENT, attributes }, (span) => {
          let result: unknown;
          try {
            result = value.apply(target, args);
          } catch (error) {
            failed(span, error);
            throw error;
          }
          if (!isThenable(result)) {
            ended(span);
            return result;
          }
          return result.then(
            (settled) => {
              ended(span);
              return settled;
            },
            (error: unknown) => {
              failed(span, error);
              throw error;
            },
          );
        });
      };
    },
  });
}

/** Decorators giving Store, Queue and Push calls their child spans (see `tracedPort`), jobs a span each, and sent jobs their trace context (see `job-spans.ts`). */
export function portSpans(tracer: Tracer): PortDecorators {
  return {
    store: (store) => tracedPort(store, 'store', tracer, describeStoreCall),
    queue: (queue) => tracedPort(carryTraceContext(queue), 'queue', tracer, describeQueueCall),
    push: (push) => tracedPort(push, 'push', tracer, describePushCall),
    jobs: jobSpans(tracer),
  };
}
