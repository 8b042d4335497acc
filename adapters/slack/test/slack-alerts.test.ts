import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorAlerts, type AccessLogEntry } from '@kumo/core';
import { SlackAlerts } from '../src/index';
import { startWebhookReceiver, type WebhookReceiver } from '../testing';

const serverError = (requestId: string, action: string, status = 500): AccessLogEntry => ({
  at: new Date().toISOString(),
  requestId,
  request: { method: 'POST', path: '/v1/x', query: '', action },
  response: { status, durationMs: 3, errorCode: 'internal' },
});

describe('SlackAlerts (real @slack/webhook against a local webhook receiver)', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => void (receiver = await startWebhookReceiver()));
  afterAll(() => receiver.stop());

  it('turns a burst of 5xx into one grouped message with counts and sample request ids', async () => {
    const alerts = new ErrorAlerts(new SlackAlerts(receiver.url, 'kumo-test on memory'), { minIntervalMs: 60_000 });
    for (let i = 0; i < 40; i += 1) alerts.observe(serverError(`req-${i}`, i < 30 ? 'wallet:PostWalletWithdraw' : 'chat:PostChatMessage', i % 10 === 0 ? 503 : 500));
    await Promise.all([alerts.flush(), alerts.flush()]);
    alerts.observe(serverError('req-late', 'wallet:PostWalletWithdraw'));
    await alerts.flush();
    expect(receiver.messages).toHaveLength(1);
    const [message] = receiver.messages;
    expect(message!.text).toBe(':rotating_light: kumo-test on memory: 40 server errors in 1 s');
    const body = JSON.stringify(message!.blocks);
    expect(body).toContain('`wallet:PostWalletWithdraw → 500` × 27');
    expect(body).toContain('`chat:PostChatMessage → 500` × 9');
    expect(body).toContain('`req-0`, `req-1`, `req-2`, `req-3`, `req-4`');
  });

  it('refuses when the webhook does not answer ok, so the burst waits for the next flush', async () => {
    await expect(new SlackAlerts(receiver.url.replace('/services/', '/nowhere/')).send({ kind: 'server_errors', title: 't', count: 1, groups: [], samples: [], from: 0, to: 0 })).rejects.toThrow();
  });
});
