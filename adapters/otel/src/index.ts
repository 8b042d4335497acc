import type { Telemetry } from '@kumo/core';

export type { OpenTelemetryOptions } from './open-telemetry';

/** The settings `telemetryFromEnv` reads. */
export interface TelemetryEnv {
  /** `otlp` turns traces and metrics on; unset (the default) leaves them off. */
  KUMO_OTEL?: string;
  /** OTLP HTTP base URL (the OpenTelemetry standard setting; default http://localhost:4318). */
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  /** `service.name` (default `kumo`). */
  OTEL_SERVICE_NAME?: string;
  /** `parentbased_traceidratio` keeps the share `OTEL_TRACES_SAMPLER_ARG` of new traces (default: every trace). */
  OTEL_TRACES_SAMPLER?: string;
  OTEL_TRACES_SAMPLER_ARG?: string;
  [name: string]: string | undefined;
}

/** The share of new traces kept, from the standard sampler settings; undefined keeps every trace. */
function sampleRatio(env: TelemetryEnv): number | undefined {
  const { OTEL_TRACES_SAMPLER: sampler, OTEL_TRACES_SAMPLER_ARG: arg } = env;
  if (sampler === undefined || sampler === 'parentbased_always_on') return undefined;
  const ratio = Number(arg ?? 1);
  if (sampler !== 'parentbased_traceidratio' || !(ratio >= 0 && ratio <= 1)) {
    throw new Error(`OTEL_TRACES_SAMPLER=${sampler} OTEL_TRACES_SAMPLER_ARG=${arg}: supported are parentbased_always_on and parentbased_traceidratio with a ratio from 0 to 1`);
  }
  return ratio;
}

/**
 * The deployment's telemetry: undefined unless `KUMO_OTEL=otlp`, in which case the OpenTelemetry
 * SDK is imported (only then: a deployment without it never loads it) and exports OTLP over HTTP
 * to `OTEL_EXPORTER_OTLP_ENDPOINT`. Headers (`OTEL_EXPORTER_OTLP_HEADERS`) and per-signal
 * endpoints are read by the exporters from the process environment, as the standard says.
 */
export async function telemetryFromEnv(env: TelemetryEnv): Promise<Telemetry | undefined> {
  if (!env.KUMO_OTEL) return undefined;
  if (env.KUMO_OTEL !== 'otlp') throw new Error(`KUMO_OTEL=${env.KUMO_OTEL}: the only exporter is otlp (OTLP over HTTP)`);
  const { openTelemetry } = await import('./open-telemetry');
  return openTelemetry({ endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: env.OTEL_SERVICE_NAME, sampleRatio: sampleRatio(env) });
}
