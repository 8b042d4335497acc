import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import type { HotKeyTracker, Telemetry } from '@kumo/core';
import { portSpans, spanConsumption } from './port-spans';
import { requestDuration, requestSpans } from './request-spans';

/** Where and how `openTelemetry` exports. */
export interface OpenTelemetryOptions {
  /** OTLP HTTP base URL; `/v1/traces` and `/v1/metrics` are appended (default: the exporters' own, `OTEL_EXPORTER_OTLP_*` or localhost:4318). */
  endpoint?: string;
  /** `service.name` of every span and metric (default `kumo`). */
  serviceName?: string;
  /** How often metrics are exported besides each `flush` (default 60 s). */
  metricsIntervalMs?: number;
  /** How many hot keys are exported (default 10). */
  hotKeys?: number;
  /**
   * Share of traces kept, 0 to 1, for requests that come without a sampled parent (default 1: all);
   * a request continuing a caller's trace follows the caller's decision. Metrics count every request.
   */
  sampleRatio?: number;
}

const INSTRUMENTATION = '@kumo/adapter-otel';

/**
 * Kumo's traces and RED metrics through the OpenTelemetry SDK, exported as OTLP over HTTP (JSON):
 * to an OpenTelemetry Collector, the ADOT collector (AWS X-Ray and CloudWatch), Google Cloud's
 * OTLP endpoint or collector (Cloud Trace, Cloud Monitoring), or Azure Monitor's (Application
 * Insights). Spans are batched and metrics read periodically; `flush` exports both now (a
 * serverless entry awaits it before returning). Providers are this object's own, not the global
 * ones; the only global set is the async context manager that lets port calls find their request.
 */
export function openTelemetry(options: OpenTelemetryOptions = {}): Telemetry {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const resource = resourceFromAttributes({ 'service.name': options.serviceName ?? 'kumo' });
  const url = (signal: string) => (options.endpoint ? { url: `${options.endpoint.replace(/\/$/, '')}/v1/${signal}` } : {});
  const sampler = new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio ?? 1) });
  const tracerProvider = new TracerProvider({ resource, sampler, spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter(url('traces')) })] });
  const reader = new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter(url('metrics')), exportIntervalMillis: options.metricsIntervalMs ?? 60_000 });
  const meterProvider = new MeterProvider({ resource, readers: [reader] });
  const tracer = tracerProvider.getTracer(INSTRUMENTATION);
  const meter = meterProvider.getMeter(INSTRUMENTATION);
  return {
    requests: requestSpans(tracer, requestDuration(meter)),
    ports: portSpans(tracer),
    consumption: spanConsumption,
    hotKeys(tracker: HotKeyTracker) {
      const share = meter.createObservableGauge('kumo.store.hot_key.share', { description: "A busy document's share of every document access since the instance started" });
      const accesses = meter.createObservableCounter('kumo.store.accesses', { description: 'Document accesses since the instance started' });
      meter.addBatchObservableCallback(
        (result) => {
          result.observe(accesses, tracker.total());
          for (const hot of tracker.top(options.hotKeys ?? 10)) result.observe(share, hot.share, { 'kumo.store.key': hot.key });
        },
        [share, accesses],
      );
    },
    async flush() {
      await Promise.all([tracerProvider.forceFlush(), meterProvider.forceFlush()]).catch(() => undefined);
    },
  };
}
