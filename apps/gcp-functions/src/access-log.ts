import { CloudLoggingSink } from '@kumo/adapter-gcp/light';
import { SlackAlerts } from '@kumo/adapter-slack';
import { shipAccessLog, stdoutLogSink, type ShippedAccessLog } from '@kumo/core';

/**
 * The functions' access log from the environment, or undefined for the default (a JSON line per
 * request on stdout, which Cloud Logging collects as it is):
 * - `KUMO_LOG_CLOUD_LOGGING`: a log name; every record is written to it through the Cloud
 *   Logging API (structured, severity from the status), to route on to BigQuery with a sink.
 * - `KUMO_ALERT_SLACK_WEBHOOK`: a Slack incoming-webhook URL (a secret: from Secret Manager) that
 *   gets one grouped message per burst of 5xx answers.
 */
export function functionsAccessLog(env: Record<string, string | undefined>, projectId: string): ShippedAccessLog | undefined {
  const logName = env.KUMO_LOG_CLOUD_LOGGING;
  const webhook = env.KUMO_ALERT_SLACK_WEBHOOK;
  if (!logName && !webhook) return undefined;
  const sink = logName ? new CloudLoggingSink({ projectId, logName }) : stdoutLogSink;
  return shipAccessLog(sink, { alerts: webhook ? new SlackAlerts(webhook, `${env.K_SERVICE ?? 'kumo'} on Cloud Functions`) : undefined });
}
