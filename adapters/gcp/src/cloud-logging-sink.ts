import type { Log, Logging } from '@google-cloud/logging';
import type { LogSink } from '@kumo/core';

/** Where `CloudLoggingSink` writes. */
export interface CloudLoggingConfig {
  projectId: string;
  /** The log name (default `kumo-access`); a Log Router sink routes it on to BigQuery. */
  logName?: string;
  /** The monitored resource the entries belong to (default `{ type: 'global' }`; in Cloud Functions `cloud_run_revision` or `cloud_function`). */
  resource?: { type: string; labels?: Record<string, string> };
  /** Options passed to `new Logging()` as they are (tests: `apiEndpoint`, `port`, `protocol`, `fallback: 'rest'`, `authClient`). */
  client?: ConstructorParameters<typeof Logging>[0];
}

/** Entries per `entries.write` call (the API takes up to 10 MB per call). */
const MAX_ENTRIES = 1000;

/**
 * Writes access-log records to Google Cloud Logging with `@google-cloud/logging` (loaded on first
 * use), one structured entry per record (`jsonPayload`), severity ERROR for 5xx answers. Route the
 * log to BigQuery with a Log Router sink (README: "Access logs"). The whole batch is retried when
 * a write fails.
 */
export class CloudLoggingSink implements LogSink {
  readonly name = 'cloud-logging';
  readonly maxBatch = MAX_ENTRIES;
  private log?: Promise<Log>;

  constructor(private readonly config: CloudLoggingConfig) {}

  /** Writes one batch; resolves with nothing to retry, throws if the write failed. */
  async ship(records: readonly object[]): Promise<readonly object[]> {
    this.log ??= import('@google-cloud/logging').then(({ Logging }) =>
      new Logging({ projectId: this.config.projectId, ...this.config.client }).log(this.config.logName ?? 'kumo-access', { removeCircular: true }),
    );
    const log = await this.log;
    const resource = this.config.resource ?? { type: 'global' };
    await log.write(records.map((record) => log.entry({ resource, severity: severityOf(record) }, record)));
    return [];
  }
}

/** ERROR for a record of a 5xx answer, WARNING for 4xx, INFO otherwise. */
function severityOf(record: object): string {
  const status = (record as { response?: { status?: number } }).response?.status ?? 0;
  return status >= 500 ? 'ERROR' : status >= 400 ? 'WARNING' : 'INFO';
}
