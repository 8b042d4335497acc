import { FirehoseLogSink } from '@kumo/adapter-aws/light';
import { SlackAlerts } from '@kumo/adapter-slack';
import { shipAccessLog, stdoutLogSink, type ShippedAccessLog } from '@kumo/core';
import type { LambdaEnv } from './config';

/**
 * The function's access log from the environment, or undefined for the default (a JSON line per
 * request on stdout, which CloudWatch Logs collects):
 * - `KUMO_LOG_FIREHOSE_STREAM`: ship every record to this Kinesis Data Firehose stream (on to S3
 *   and Athena or BigQuery); `KUMO_LOG_FIREHOSE_ENDPOINT` for local runs.
 * - `KUMO_ALERT_SLACK_WEBHOOK`: a Slack incoming-webhook URL (a secret: resolve it from Secrets
 *   Manager in the template) that gets one grouped message per burst of 5xx answers.
 * The handler flushes both before it returns, since Lambda may freeze the process right after.
 */
export function lambdaAccessLog(env: LambdaEnv): ShippedAccessLog | undefined {
  const stream = env.KUMO_LOG_FIREHOSE_STREAM;
  const webhook = env.KUMO_ALERT_SLACK_WEBHOOK;
  if (!stream && !webhook) return undefined;
  const sink = stream ? new FirehoseLogSink({ deliveryStream: stream, region: env.AWS_REGION, endpoint: env.KUMO_LOG_FIREHOSE_ENDPOINT }) : stdoutLogSink;
  return shipAccessLog(sink, { alerts: webhook ? new SlackAlerts(webhook, `${env.AWS_LAMBDA_FUNCTION_NAME ?? 'kumo'} on AWS Lambda`) : undefined });
}
