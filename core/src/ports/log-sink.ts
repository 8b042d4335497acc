/**
 * Log sink port: where a deployment ships its access-log records, in batches — Kinesis Data
 * Firehose on AWS, Cloud Logging on Google Cloud, Azure Monitor Logs Ingestion on Azure, stdout
 * (or a file) locally. Core's `LogShipper` buffers records, calls `ship` and retries; a sink only
 * talks to its backend.
 *
 * Contract:
 * - `ship(records)` sends one batch of at most `maxBatch` records (plain JSON objects, already
 *   redacted) and resolves with the records the backend did not accept (empty when all landed),
 *   so a partly failed batch is retried record by record;
 * - it throws when the whole batch failed (network, throttling, refused credentials); it does not
 *   retry on its own and never logs the records or its credentials;
 * - records keep their order within a batch; nothing is promised across batches.
 */
export interface LogSink {
  /** Names the backend in messages (`firehose`, `cloud-logging`, `azure-monitor`, `stdout`). */
  readonly name: string;
  /** Most records one `ship` call takes. */
  readonly maxBatch: number;
  ship(records: readonly object[]): Promise<readonly object[]>;
}
