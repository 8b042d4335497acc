import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { addressesOf, Conflict, interceptStore, type ConsumptionMeter, type ConsumptionPort, type ConsumptionUnit, type PortDecorators, type Store, type StoreCall } from '@kumo/core';
import { carryTraceContext, jobSpans } from './job-spans';
import { REQUEST_TALLY, type RequestTally } from './request-spans';

/** The span attributes of one call of a queue or push: what it touched. */
type Describe = (method: string, args: unknown[]) => Attributes;

/** Store calls: the partition (the first one of a batch), how many documents and partitions a batch (commit, read or write) spans. */
function describeStoreCall(call: StoreCall): Attributes {
  if ('partition' in call) return { 'kumo.store.partition': call.partition };
  const items = addressesOf(call);
  if (items.length === 0) return {};
  return { 'kumo.store.partition': items[0]!.partition, 'kumo.store.items': items.length, 'kumo.store.partitions': new Set(items.map((item) => item.partition)).size };
}

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
 * Runs `call` in a child span `name` when a request's or a job's span is active (calls outside
 * both, such as the job worker's polling, are not traced): the result and any error pass through
 * unchanged, and what the call consumed, recorded on `spanConsumption`, ends up on its span.
 */
function inSpan<R>(tracer: Tracer, name: string, attributes: () => Attributes, call: () => R): R {
  if (!trace.getSpan(context.active())) return call();
  return tracer.startActiveSpan(name, { kind: SpanKind.CLIENT, attributes: attributes() }, (span) => {
    let result: R;
    try {
      result = call();
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
    ) as R;
  });
}

/**
 * A port whose every method call runs in a child span `<port>.<method>` (see `inSpan`) with
 * `kumo.operation` and what `describe` says; every property (capabilities, optional methods) is
 * the port's own.
 */
function tracedPort<T extends object>(port: T, name: string, tracer: Tracer, describe: Describe): T {
  return new Proxy(port, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => inSpan(tracer, `${name}.${property}`, () => ({ 'kumo.operation': property, ...describe(property, args) }), () => value.apply(target, args));
    },
  });
}

/**
 * A store whose calls run in child spans `store.<method>` (see `inSpan`), a session's reads and
 * commit included: they are the store's `getMany` and `commit`, marked `kumo.store.session`.
 */
function tracedStore(store: Store, tracer: Tracer): Store {
  return interceptStore(store, (call, proceed) => {
    const inSession = call.method.startsWith('session.');
    const operation = inSession ? call.method.slice('session.'.length) : call.method;
    return inSpan(tracer, `store.${operation}`, () => ({ 'kumo.operation': operation, ...(inSession ? { 'kumo.store.session': true } : {}), ...describeStoreCall(call) }), proceed);
  });
}

/** Decorators giving Store, Queue and Push calls their child spans (see `inSpan`), jobs a span each, and sent jobs their trace context (see `job-spans.ts`). */
export function portSpans(tracer: Tracer): PortDecorators {
  return {
    store: (store) => tracedStore(store, tracer),
    queue: (queue) => tracedPort(carryTraceContext(queue), 'queue', tracer, describeQueueCall),
    push: (push) => tracedPort(push, 'push', tracer, describePushCall),
    jobs: jobSpans(tracer),
  };
}
