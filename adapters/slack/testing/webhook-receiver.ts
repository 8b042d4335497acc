import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running local receiver of Slack incoming-webhook posts. */
export interface WebhookReceiver {
  /** The webhook URL to configure. */
  url: string;
  /** The JSON bodies received, in order. */
  readonly messages: Array<{ text: string; blocks: unknown[] }>;
  stop(): Promise<void>;
}

/**
 * A HAND-WRITTEN stand-in for a Slack incoming webhook: accepts `POST /services/…` with a JSON
 * body and answers `ok` as Slack does; keeps every message.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const messages: WebhookReceiver['messages'] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || !request.url?.startsWith('/services/')) return void response.writeHead(404).end('no_service');
      messages.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookReceiver['messages'][number]);
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/local`,
    messages,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
