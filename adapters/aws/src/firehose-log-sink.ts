import type { FirehoseClient, FirehoseClientConfig, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { Throttled, type LogSink } from '@kumo/core';

/** Where `FirehoseLogSink` ships. */
export interface FirehoseLogConfig {
  /** The Firehose stream (delivering to S3, and on to Athena, Redshift or BigQuery). */
  deliveryStream: string;
  region?: string;
  /** For local runs and tests; default the regional endpoint. */
  endpoint?: string;
  credentials?: FirehoseClientConfig['credentials'];
}

/** Firehose's limits per PutRecordBatch: 500 records, 4 MiB in all; one record is at most 1,000 KiB. */
const MAX_RECORDS = 500;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;
const MAX_RECORD_BYTES = 1000 * 1024;

/**
 * Ships access-log records to Amazon Kinesis Data Firehose with `PutRecordBatch`, one JSON line
 * per record (newline-terminated, so the S3 objects Firehose writes are NDJSON). A batch is cut
 * to Firehose's byte limit; what does not fit, and the records Firehose reports failed
 * (`FailedPutCount`), are returned for retry; a record over 1,000 KiB is cut to its request id
 * and status. The SDK is loaded and its client created on first use (nothing at cold start).
 */
export class FirehoseLogSink implements LogSink {
  readonly name = 'firehose';
  readonly maxBatch = MAX_RECORDS;
  private client?: Promise<{ client: FirehoseClient; PutRecordBatchCommand: typeof PutRecordBatchCommand }>;

  constructor(private readonly config: FirehoseLogConfig) {}

  /** Sends one batch; resolves with the records to retry. */
  async ship(records: readonly object[]): Promise<readonly object[]> {
    const lines: Uint8Array[] = [];
    let bytes = 0;
    for (const record of records) {
      const line = encodeLine(record);
      if (bytes + line.byteLength > MAX_BATCH_BYTES) break;
      lines.push(line);
      bytes += line.byteLength;
    }
    const sent = records.slice(0, lines.length);
    this.client ??= import('@aws-sdk/client-firehose').then(({ FirehoseClient, PutRecordBatchCommand }) => ({
      client: new FirehoseClient({ region: this.config.region, endpoint: this.config.endpoint, credentials: this.config.credentials }),
      PutRecordBatchCommand,
    }));
    const { client, PutRecordBatchCommand } = await this.client;
    try {
      const answer = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: this.config.deliveryStream, Records: lines.map((Data) => ({ Data })) }));
      const failed = (answer.RequestResponses ?? []).flatMap((response, index) => (response.ErrorCode ? [sent[index]!] : []));
      return [...failed, ...records.slice(lines.length)];
    } catch (error) {
      if ((error as { name?: string }).name === 'ServiceUnavailableException') throw new Throttled('firehose: the delivery stream is throttled');
      throw error;
    }
  }

  /** Closes the SDK client. */
  async close(): Promise<void> {
    (await this.client)?.client.destroy();
  }
}

/** One record as a JSON line; a record over Firehose's size limit keeps only what finds its log line. */
function encodeLine(record: object): Uint8Array {
  const line = Buffer.from(`${JSON.stringify(record)}\n`);
  if (line.byteLength <= MAX_RECORD_BYTES) return line;
  const { requestId, response } = record as { requestId?: unknown; response?: unknown };
  return Buffer.from(`${JSON.stringify({ requestId, response, truncated: true })}\n`);
}
