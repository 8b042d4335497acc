import type { Agent } from 'node:http';
import type { TokenCredential } from '@azure/identity';
import { MonitorLogSink } from '@kumo/adapter-azure/light';
import { SlackAlerts } from '@kumo/adapter-slack';
import { KumoError, shipAccessLog, stdoutLogSink, type LogSink, type ShippedAccessLog } from '@kumo/core';
import type { FunctionsEnv } from './config';

/** How the Logs Ingestion client authenticates and connects (tests: a static token and an agent trusting the stand-in). */
export interface MonitorConnection {
  /** Default: `DefaultAzureCredential` of `@azure/identity` (the function app's managed identity), loaded on first use. */
  credential?: TokenCredential;
  agent?: Agent;
}

/** `DefaultAzureCredential`, created on the first token request so that a cold start does not load `@azure/identity`. */
function defaultCredential(): TokenCredential {
  let credential: Promise<TokenCredential> | undefined;
  return {
    async getToken(scopes, options) {
      credential ??= import('@azure/identity').then(({ DefaultAzureCredential }) => new DefaultAzureCredential());
      return (await credential).getToken(scopes, options);
    },
  };
}

/**
 * The function app's access log from app settings, or undefined for the default (a JSON line per
 * request on stdout, which Application Insights collects as traces):
 * - `KUMO_LOG_MONITOR_ENDPOINT`, `KUMO_LOG_MONITOR_RULE_ID`, `KUMO_LOG_MONITOR_STREAM`: ship every
 *   record to Azure Monitor Logs through the Logs Ingestion API (a data collection endpoint, the
 *   immutable id of its rule, and the rule's `Custom-<Table>` stream); the function app's managed
 *   identity needs the *Monitoring Metrics Publisher* role on the rule.
 * - `KUMO_ALERT_SLACK_WEBHOOK`: a Slack incoming-webhook URL (a Key Vault reference) that gets one
 *   grouped message per burst of 5xx answers.
 * The HTTP function flushes both before it returns.
 */
export function functionsAccessLog(env: FunctionsEnv, connection: MonitorConnection = {}): ShippedAccessLog | undefined {
  const webhook = env.KUMO_ALERT_SLACK_WEBHOOK;
  if (!env.KUMO_LOG_MONITOR_ENDPOINT && !webhook) return undefined;
  return shipAccessLog(monitorSink(env, connection) ?? stdoutLogSink, {
    alerts: webhook ? new SlackAlerts(webhook, `${env.WEBSITE_SITE_NAME ?? 'kumo'} on Azure Functions`) : undefined,
  });
}

/** The Logs Ingestion sink the app settings name, if they name one; all three settings or none. */
function monitorSink(env: FunctionsEnv, connection: MonitorConnection): LogSink | undefined {
  const [endpoint, ruleId, streamName] = [env.KUMO_LOG_MONITOR_ENDPOINT, env.KUMO_LOG_MONITOR_RULE_ID, env.KUMO_LOG_MONITOR_STREAM];
  if (!endpoint) return undefined;
  if (!ruleId || !streamName) throw new KumoError('internal', 'misconfigured', 'set the app settings KUMO_LOG_MONITOR_RULE_ID and KUMO_LOG_MONITOR_STREAM with KUMO_LOG_MONITOR_ENDPOINT');
  return new MonitorLogSink({ endpoint, ruleId, streamName, credential: connection.credential ?? defaultCredential(), agent: connection.agent });
}
