import { createServer, type Server } from 'node:http';

/** An OTLP attribute value as the JSON encoding writes it. */
interface AnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface KeyValue {
  key: string;
  value: AnyValue;
}

/** A received span, attributes decoded. */
export interface ReceivedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  kind: number;
  status?: { code?: number; message?: string };
  attributes: Record<string, unknown>;
  service: unknown;
}

/** A received metric data point (a histogram's `count`, or a gauge's or sum's value), attributes decoded. */
export interface ReceivedPoint {
  metric: string;
  attributes: Record<string, unknown>;
  count?: number;
  value?: number;
}

const decodeValue = (value: AnyValue): unknown =>
  value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : undefined) ?? value.doubleValue ?? value.boolValue;
const decodeAttributes = (attributes: KeyValue[] = []) => Object.fromEntries(attributes.map(({ key, value }) => [key, decodeValue(value)]));

/** An in-process OTLP/HTTP receiver (JSON encoding) for tests: what the exporters post to `/v1/traces` and `/v1/metrics`. */
export interface OtlpReceiver {
  /** Base URL, to use as `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  endpoint: string;
  /** Every span received so far. */
  spans(): ReceivedSpan[];
  /** Every metric data point of the latest export that held the metric. */
  points(): ReceivedPoint[];
  close(): Promise<void>;
}

type Body = Record<string, Array<Record<string, unknown>>>;

/** Starts the receiver on a free port of 127.0.0.1. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const latest = new Map<string, ReceivedPoint[]>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (!request.headers['content-type']?.includes('json')) {
        response.writeHead(415).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body;
      if (request.url === '/v1/traces') collectSpans(body, spans);
      else if (request.url === '/v1/metrics') collectPoints(body, latest);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans: () => [...spans],
    points: () => [...latest.values()].flat(),
    close: () => new Promise((done) => server.close(() => done())),
  };
}

function collectSpans(body: Body, into: ReceivedSpan[]): void {
  for (const resourceSpans of body.resourceSpans ?? []) {
    const service = decodeAttributes((resourceSpans.resource as { attributes?: KeyValue[] } | undefined)?.attributes)['service.name'];
    for (const scope of (resourceSpans.scopeSpans as Array<{ spans?: Array<Record<string, unknown>> }>) ?? []) {
      for (const span of scope.spans ?? []) {
        into.push({
          name: span.name as string,
          traceId: span.traceId as string,
          spanId: span.spanId as string,
          parentSpanId: (span.parentSpanId as string | undefined) || undefined,
          kind: span.kind as number,
          status: span.status as ReceivedSpan['status'],
          attributes: decodeAttributes(span.attributes as KeyValue[]),
          service,
        });
      }
    }
  }
}

function collectPoints(body: Body, latest: Map<string, ReceivedPoint[]>): void {
  for (const resourceMetrics of body.resourceMetrics ?? []) {
    for (const scope of (resourceMetrics.scopeMetrics as Array<{ metrics?: Array<Record<string, { dataPoints?: Array<Record<string, unknown>> } | string>> }>) ?? []) {
      for (const metric of scope.metrics ?? []) {
        const name = metric.name as string;
        const data = (metric.histogram ?? metric.gauge ?? metric.sum) as { dataPoints?: Array<Record<string, unknown>> } | undefined;
        latest.set(
          name,
          (data?.dataPoints ?? []).map((point) => ({
            metric: name,
            attributes: decodeAttributes(point.attributes as KeyValue[]),
            ...(point.count !== undefined ? { count: Number(point.count) } : {}),
            ...(point.asDouble !== undefined || point.asInt !== undefined ? { value: Number(point.asDouble ?? point.asInt) } : {}),
          })),
        );
      }
    }
  }
}
