import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PushEvent } from '@kumo/core';

/** A notification the hub would have handed to FCM or APNs for a device. */
export interface HubDelivery {
  /** The installation's push channel (the device token). */
  token: string;
  /** The installation's platform: `fcmv1` or `apns`. */
  platform: string;
  event: PushEvent;
  /** The headers passed on to the push service (APNs: `apns-push-type`, `apns-priority`). */
  headers: Record<string, string>;
}

interface StoredInstallation {
  installationId: string;
  platform: string;
  pushChannel: string;
  tags?: string[];
  pushChannelExpired?: boolean;
}

const KEY_NAME = 'DefaultFullSharedAccessSignature';
const FORMATS: Record<string, string> = { apple: 'apns', fcmv1: 'fcmv1' };

/**
 * A local stand-in for the Azure Notification Hubs REST API as `@azure/notification-hubs` uses it
 * for installations and tag sends: `PUT/GET/DELETE /{hub}/installations/{id}` and `POST
 * /{hub}/messages/` with `ServiceBusNotification-Tags` (one tag) and `-Format` (`fcmv1`, `apple`),
 * delivered to the tagged installations of that platform. Every request must carry a valid
 * `SharedAccessSignature` made with the connection string's key. `reject(token)` plays the push
 * service reporting the token invalid: the hub marks its installations `pushChannelExpired` and
 * stops delivering to them.
 */
export class NotificationHubsStandIn {
  readonly deliveries: HubDelivery[] = [];
  /** The installations deleted, with their push channels (tokens), in order. */
  readonly deletedInstallations: Array<{ id: string; token: string }> = [];
  private readonly installations = new Map<string, StoredInstallation>();
  private readonly key = randomBytes(32).toString('base64');

  private constructor(
    private readonly server: Server,
    private readonly endpoint: string,
    /** The hub name to use. */
    readonly hub: string,
  ) {}

  /** Starts a stand-in on a free port of 127.0.0.1. */
  static async start(hub = 'kumo'): Promise<NotificationHubsStandIn> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const standIn = new NotificationHubsStandIn(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, hub);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void standIn.serve(request, response));
    return standIn;
  }

  /** The connection string of the hub's full-access policy (pass with `allowInsecureConnection`). */
  get connectionString(): string {
    return `Endpoint=${this.endpoint};SharedAccessKeyName=${KEY_NAME};SharedAccessKey=${this.key}`;
  }

  /** The push service reported the token invalid: its installations' channels are expired. */
  reject(token: string): void {
    for (const installation of this.installations.values()) if (installation.pushChannel === token) installation.pushChannelExpired = true;
  }

  /** Ids of the installations the hub holds. */
  installationIds(): string[] {
    return [...this.installations.keys()];
  }

  /** Stops the server. */
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of request) body += chunk;
    const url = new URL(request.url ?? '/', this.endpoint);
    const reply = (status: number, text = '', headers: Record<string, string> = {}) => void response.writeHead(status, headers).end(text);
    const fail = (status: number, detail: string) => reply(status, `<Error><Code>${status}</Code><Detail>${detail}</Detail></Error>`, { 'content-type': 'application/xml' });
    if (!this.authorized(String(request.headers.authorization ?? ''))) return fail(401, 'InvalidSignature: the token is not signed with the policy key');
    const [hub, collection, id] = url.pathname.split('/').filter(Boolean);
    if (hub !== this.hub) return fail(404, `no hub ${hub}`);
    if (collection === 'installations' && id) {
      if (request.method === 'PUT') {
        const installation = JSON.parse(body) as StoredInstallation;
        this.installations.set(id, { ...installation, pushChannelExpired: false });
        return reply(200);
      }
      const found = this.installations.get(id);
      if (!found) return fail(404, 'Installation not found');
      if (request.method === 'DELETE') {
        this.installations.delete(id);
        this.deletedInstallations.push({ id, token: found.pushChannel });
        return reply(204);
      }
      return reply(200, JSON.stringify(found), { 'content-type': 'application/json' });
    }
    if (collection === 'messages' && request.method === 'POST') return this.sendToTag(request, body, reply, fail);
    fail(405, `the stand-in does not serve ${request.method} ${url.pathname}`);
  }

  private sendToTag(request: IncomingMessage, body: string, reply: (status: number, text?: string, headers?: Record<string, string>) => void, fail: (status: number, detail: string) => void): void {
    const tag = String(request.headers['servicebusnotification-tags'] ?? '');
    const platform = FORMATS[String(request.headers['servicebusnotification-format'] ?? '')];
    if (!tag || /[\s|&!()]/.test(tag) || !platform) return fail(400, 'the stand-in sends to one tag, in format fcmv1 or apple');
    const payload = JSON.parse(body) as { message?: { data?: Record<string, string> }; type?: string; data?: Record<string, unknown> };
    const event: PushEvent =
      platform === 'fcmv1'
        ? { type: payload.message?.data?.type ?? '', data: JSON.parse(payload.message?.data?.data ?? '{}') as Record<string, unknown> }
        : { type: payload.type ?? '', data: payload.data ?? {} };
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.startsWith('apns-')).map(([name, value]) => [name, String(value)]));
    for (const installation of this.installations.values()) {
      if (installation.platform === platform && !installation.pushChannelExpired && installation.tags?.includes(tag)) {
        this.deliveries.push({ token: installation.pushChannel, platform, event, headers });
      }
    }
    reply(201, '', { location: `${this.endpoint}${this.hub}/messages/${randomUUID()}?api-version=2020-06` });
  }

  /** Whether the header is `SharedAccessSignature sr=…&sig=…&se=…&skn=…`, signed with the key and not expired. */
  private authorized(header: string): boolean {
    const fields = new URLSearchParams(header.replace(/^SharedAccessSignature /, ''));
    const [audience, signature, expiry] = [fields.get('sr') ?? '', fields.get('sig') ?? '', fields.get('se') ?? ''];
    const expected = createHmac('sha256', this.key).update(`${encodeURIComponent(audience)}\n${expiry}`).digest('base64');
    return fields.get('skn') === KEY_NAME && signature === expected && Number(expiry) * 1000 > Date.now();
  }
}
