import type { Agent } from 'node:http';
import type { AggregateLogsUploadError, LogsIngestionClient } from '@azure/monitor-ingestion';
import type { LogSink } from '@kumo/core';

/** Where `MonitorLogSink` ships: a data collection endpoint and rule of Azure Monitor. */
export interface MonitorLogConfig {
  /** The data collection endpoint's logs ingestion URL, `https://<dce>.<region>.ingest.monitor.azure.com`. */
  endpoint: string;
  /** The immutable id of the data collection rule (`dcr-…`). */
  ruleId: string;
  /** The rule's input stream, `Custom-<Table>`. */
  streamName: string;
  /** A Microsoft Entra credential (in a function: `DefaultAzureCredential` of `@azure/identity`, the managed identity). */
  credential: ConstructorParameters<typeof LogsIngestionClient>[1];
  /** An HTTP agent for the SDK (tests: one that trusts a stand-in's self-signed certificate). */
  agent?: Agent;
}

/** Records per `upload` call; the SDK cuts them into gzip chunks of about 1 MB itself. */
const MAX_RECORDS = 1000;

/**
 * Ships access-log records to Azure Monitor Logs (a Log Analytics table) through the Logs
 * Ingestion API with `@azure/monitor-ingestion`, loaded on first use. Records of chunks the
 * service refused come back for retry (`AggregateLogsUploadError.errors[].failedLogs`); the SDK
 * retries once itself, so a flush before the function returns stays short.
 */
export class MonitorLogSink implements LogSink {
  readonly name = 'azure-monitor';
  readonly maxBatch = MAX_RECORDS;
  private client?: Promise<{ client: LogsIngestionClient; isUploadError: (error: unknown) => error is AggregateLogsUploadError }>;

  constructor(private readonly config: MonitorLogConfig) {}

  /** Uploads one batch; resolves with the records to retry. */
  async ship(records: readonly object[]): Promise<readonly object[]> {
    this.client ??= import('@azure/monitor-ingestion').then(({ LogsIngestionClient, isAggregateLogsUploadError }) => ({
      client: new LogsIngestionClient(this.config.endpoint, this.config.credential, { agent: this.config.agent, retryOptions: { maxRetries: 1 } }),
      isUploadError: isAggregateLogsUploadError,
    }));
    const { client, isUploadError } = await this.client;
    try {
      await client.upload(this.config.ruleId, this.config.streamName, records as Record<string, unknown>[], { maxConcurrency: 1 });
      return [];
    } catch (error) {
      if (isUploadError(error)) return error.errors.flatMap((failed) => failed.failedLogs);
      throw error;
    }
  }
}
