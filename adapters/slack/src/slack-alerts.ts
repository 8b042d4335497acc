import type { IncomingWebhook, IncomingWebhookSendArguments } from '@slack/webhook';
import type { Alert, AlertChannel } from '@kumo/core';

/** Most groups listed in one message. */
const MAX_GROUPS = 10;

/**
 * Sends operator alerts to a Slack incoming webhook (`@slack/webhook`, loaded on the first alert
 * so it costs nothing at cold start): one message per alert with its title, the counts per group
 * and the sample request ids, which find the records in the shipped access log. The webhook URL
 * is a secret: pass it from the environment or a secret store, never log it.
 */
export class SlackAlerts implements AlertChannel {
  private webhook?: Promise<IncomingWebhook>;

  /** `deployment` names where the alert comes from (e.g. `kumo-prod on aws`). */
  constructor(
    private readonly webhookUrl: string,
    private readonly deployment = 'kumo',
  ) {}

  /** Posts the alert; throws if Slack refuses it or cannot be reached. */
  async send(alert: Alert): Promise<void> {
    this.webhook ??= import('@slack/webhook').then(({ IncomingWebhook }) => new IncomingWebhook(this.webhookUrl, { timeout: 5000 }));
    await (await this.webhook).send(slackMessage(alert, this.deployment));
  }
}

/** The Slack message of an alert: a plain-text fallback and Block Kit sections. */
export function slackMessage(alert: Alert, deployment: string): IncomingWebhookSendArguments & { text: string } {
  const text = `:rotating_light: ${deployment}: ${alert.title}`;
  const groups = alert.groups.slice(0, MAX_GROUPS).map((group) => `• \`${group.name}\` × ${group.count}`);
  if (alert.groups.length > MAX_GROUPS) groups.push(`• … ${alert.groups.length - MAX_GROUPS} more`);
  const window = `${new Date(alert.from).toISOString()} – ${new Date(alert.to).toISOString()}`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${text}*\n${window}` } },
      { type: 'section', text: { type: 'mrkdwn', text: groups.join('\n') } },
      { type: 'context', elements: [{ type: 'mrkdwn' as const, text: `request ids: ${alert.samples.map((id) => `\`${id}\``).join(', ')}` }] },
    ],
  };
}
