import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PushEvent } from '@kumo/core';

/** A notification SNS would have handed to FCM or APNs for a device token. */
export interface SnsDelivery {
  token: string;
  /** The platform of the endpoint's application: `GCM`, `APNS` or `APNS_SANDBOX`. */
  platform: string;
  event: PushEvent;
  /** Message attributes of the Publish, by name (string values). */
  attributes: Record<string, string>;
}

interface Endpoint {
  arn: string;
  application: string;
  platform: string;
  token: string;
  enabled: boolean;
}

const NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

/**
 * A local stand-in for the part of the Amazon SNS Query API that mobile push uses, driven by the
 * real `@aws-sdk/client-sns`: `CreatePlatformEndpoint` (idempotent per application and token, as
 * SNS is), `Publish` to an endpoint with a JSON message (decoded back into the event by the
 * endpoint's platform: `GCM` an FCM v1 data message, `APNS`/`APNS_SANDBOX` a payload holding `type`
 * and `data`), `DeleteEndpoint`. Requests must be SigV4-signed. `reject(token)` plays the push
 * service reporting the token invalid: SNS disables its endpoints, and publishing to them then
 * fails with `EndpointDisabled`; an unknown endpoint fails with `NotFound`.
 */
export class SnsStandIn {
  readonly deliveries: SnsDelivery[] = [];
  /** How many CreatePlatformEndpoint calls were made (endpoints should be kept, not re-created). */
  createCalls = 0;
  /** The endpoints `DeleteEndpoint` removed, with their tokens, in order. */
  readonly deletedEndpoints: Array<{ arn: string; token: string }> = [];
  private readonly endpoints = new Map<string, Endpoint>();

  private constructor(
    private readonly server: Server,
    /** The endpoint to give `SNSClient`. */
    readonly endpoint: string,
  ) {}

  /** Starts a stand-in on a free port of 127.0.0.1. */
  static async start(): Promise<SnsStandIn> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const standIn = new SnsStandIn(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void standIn.serve(request, response));
    return standIn;
  }

  /** The ARN of a platform application of the given platform (`GCM`, `APNS`, `APNS_SANDBOX`). */
  static applicationArn(platform: string, name = 'game'): string {
    return `arn:aws:sns:us-east-1:000000000000:app/${platform}/${name}`;
  }

  /** The push service reported the token invalid: SNS disables every endpoint of it. */
  reject(token: string): void {
    for (const endpoint of this.endpoints.values()) if (endpoint.token === token) endpoint.enabled = false;
  }

  /** The endpoints that exist now. */
  endpointArns(): string[] {
    return [...this.endpoints.keys()];
  }

  /** Stops the server. */
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of request) text += chunk;
    const params = new URLSearchParams(text);
    const reply = (status: number, xml: string) => void response.writeHead(status, { 'content-type': 'text/xml' }).end(xml);
    if (!String(request.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) return reply(403, errorXml('Sender', 'InvalidClientTokenId', 'request is not signed'));
    const action = params.get('Action') ?? '';
    try {
      const result = this.act(action, params);
      reply(200, `<${action}Response xmlns="${NAMESPACE}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`);
    } catch (error) {
      const { status, code, message } = error as SnsError;
      reply(status ?? 500, errorXml(status === 500 ? 'Receiver' : 'Sender', code ?? 'InternalError', message));
    }
  }

  private act(action: string, params: URLSearchParams): string {
    if (action === 'CreatePlatformEndpoint') return this.createEndpoint(required(params, 'PlatformApplicationArn'), required(params, 'Token'));
    if (action === 'Publish') return this.publish(params);
    if (action === 'DeleteEndpoint') return this.deleteEndpoint(required(params, 'EndpointArn'));
    throw new SnsError(400, 'InvalidAction', `the stand-in does not serve ${action}`);
  }

  private createEndpoint(application: string, token: string): string {
    this.createCalls += 1;
    const platform = /:app\/([A-Z_]+)\//.exec(application)?.[1];
    if (!platform) throw new SnsError(400, 'InvalidParameter', 'Invalid parameter: PlatformApplicationArn');
    const existing = [...this.endpoints.values()].find((endpoint) => endpoint.application === application && endpoint.token === token);
    const endpoint = existing ?? { arn: `${application.replace(':app/', ':endpoint/')}/${randomUUID()}`, application, platform, token, enabled: true };
    this.endpoints.set(endpoint.arn, endpoint);
    return `<EndpointArn>${endpoint.arn}</EndpointArn>`;
  }

  /** Deletes the endpoint; like SNS, succeeds for one that does not exist. */
  private deleteEndpoint(arn: string): string {
    const endpoint = this.endpoints.get(arn);
    if (endpoint) this.deletedEndpoints.push({ arn, token: endpoint.token });
    this.endpoints.delete(arn);
    return '';
  }

  private publish(params: URLSearchParams): string {
    const endpoint = this.endpoints.get(required(params, 'TargetArn'));
    if (!endpoint) throw new SnsError(404, 'NotFound', 'Endpoint does not exist');
    if (!endpoint.enabled) throw new SnsError(400, 'EndpointDisabled', 'Endpoint is disabled');
    if (params.get('MessageStructure') !== 'json') throw new SnsError(400, 'InvalidParameter', 'the stand-in expects MessageStructure=json');
    const message = JSON.parse(required(params, 'Message')) as Record<string, string>;
    const forPlatform = JSON.parse(message[endpoint.platform] ?? message.default ?? '{}') as Record<string, unknown>;
    this.deliveries.push({ token: endpoint.token, platform: endpoint.platform, event: decode(endpoint.platform, forPlatform), attributes: attributes(params) });
    return `<MessageId>${randomUUID()}</MessageId>`;
  }
}

class SnsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (!value) throw new SnsError(400, 'InvalidParameter', `Invalid parameter: ${name}`);
  return value;
}

/** The event inside a platform's message. */
function decode(platform: string, message: Record<string, unknown>): PushEvent {
  if (platform === 'GCM') {
    const data = (message.fcmV1Message as { message?: { data?: Record<string, string> } } | undefined)?.message?.data ?? {};
    return { type: data.type ?? '', data: JSON.parse(data.data ?? '{}') as Record<string, unknown> };
  }
  return { type: String(message.type ?? ''), data: (message.data as Record<string, unknown> | undefined) ?? {} };
}

/** `MessageAttributes.entry.N.Name` / `.Value.StringValue` pairs. */
function attributes(params: URLSearchParams): Record<string, string> {
  const found: Record<string, string> = {};
  for (let n = 1; params.has(`MessageAttributes.entry.${n}.Name`); n += 1) {
    found[params.get(`MessageAttributes.entry.${n}.Name`)!] = params.get(`MessageAttributes.entry.${n}.Value.StringValue`) ?? '';
  }
  return found;
}

function errorXml(type: string, code: string, message: string): string {
  return `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
}
