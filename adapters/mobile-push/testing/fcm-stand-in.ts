import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PushEvent } from '@kumo/core';

/** A notification a stand-in accepted for a device token. */
export interface StandInDelivery {
  token: string;
  event: PushEvent;
}

/** A request the FCM stand-in received, as sent. */
export interface FcmRequest {
  path: string;
  authorization?: string;
  body: { message: { token: string; data: Record<string, string> } };
}

/**
 * A local stand-in for Firebase Cloud Messaging's HTTP v1 API (`POST
 * /v1/projects/{project}/messages:send`): answers like FCM, keeps every request and each accepted
 * data message decoded back into the event. `reject(token)` makes it answer 404 UNREGISTERED for
 * that token (an app uninstalled); `answer(token, status, body)` scripts any other answer.
 */
export class FcmStandIn {
  readonly requests: FcmRequest[] = [];
  readonly deliveries: StandInDelivery[] = [];
  private readonly answers = new Map<string, { status: number; body: unknown }>();

  private constructor(
    private readonly server: Server,
    /** Root URL to pass as `endpoint` to `FcmMobilePush`. */
    readonly endpoint: string,
  ) {}

  /** Starts a stand-in on a free port of 127.0.0.1. */
  static async start(): Promise<FcmStandIn> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const standIn = new FcmStandIn(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', async (request: IncomingMessage, response: ServerResponse) => {
      let text = '';
      for await (const chunk of request) text += chunk;
      const answer = standIn.receive({ path: request.url ?? '', authorization: request.headers.authorization, body: JSON.parse(text) as FcmRequest['body'] });
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
    return standIn;
  }

  /** From now on the token is unregistered: FCM answers 404 with the UNREGISTERED error code. */
  reject(token: string): void {
    this.answer(token, 404, {
      error: { code: 404, status: 'NOT_FOUND', message: 'Requested entity was not found.', details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'UNREGISTERED' }] },
    });
  }

  /** Scripts the answer to sends to this token. */
  answer(token: string, status: number, body: unknown): void {
    this.answers.set(token, { status, body });
  }

  /** Forgets what was received and scripted. */
  reset(): void {
    this.requests.length = 0;
    this.deliveries.length = 0;
    this.answers.clear();
  }

  /** Stops the server. */
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private receive(request: FcmRequest): { status: number; body: unknown } {
    this.requests.push(request);
    const { token, data } = request.body.message;
    const scripted = this.answers.get(token);
    if (scripted) return scripted;
    if (!request.authorization?.startsWith('Bearer ')) return { status: 401, body: { error: { code: 401, status: 'UNAUTHENTICATED', message: 'no bearer token' } } };
    this.deliveries.push({ token, event: { type: data.type ?? '', data: JSON.parse(data.data ?? '{}') as Record<string, unknown> } });
    return { status: 200, body: { name: `projects/game/messages/${this.requests.length}` } };
  }
}
