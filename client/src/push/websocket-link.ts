import { KumoClientError } from '../api-error';
import type { LinkHandlers, OpenLink, PushLink } from './link';
import { parseEvent } from './link';

/** The part of a WHATWG WebSocket the push client uses (the browser's, Node 22's, or the `ws` package's). */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
  close(code?: number, reason?: string): void;
}

/** A WebSocket class (`globalThis.WebSocket`, or `WebSocket` from the `ws` package on Node 20). */
export type WebSocketConstructor = new (url: string) => SocketLike;

/** Close code of a clean leave. */
const NORMAL_CLOSURE = 1000;

/** `readyState` of a closed socket. */
const CLOSED = 3;

/**
 * Links of the `websocket` protocol (the local server: the access token goes in the query
 * parameter `tokenParameter`) and `webpubsub` (Azure Web PubSub: the URL carries its own client
 * token). Events arrive as JSON text frames; presence is the open socket itself.
 */
export function webSocketLink(WebSocketClass: WebSocketConstructor | undefined): OpenLink {
  return (connection, token, handlers) => {
    if (!WebSocketClass) {
      return Promise.reject(new KumoClientError('no WebSocket class: pass `webSocket` to createKumoClient (e.g. `WebSocket` from the ws package on Node 20)'));
    }
    const url = new URL(connection.url);
    if (connection.protocol === 'websocket') url.searchParams.set(connection.tokenParameter ?? 'token', token);
    return open(new WebSocketClass(url.toString()), handlers);
  };
}

function open(socket: SocketLike, handlers: LinkHandlers): Promise<PushLink> {
  return new Promise((resolve, reject) => {
    let opened = false;
    let closing = false;
    socket.onmessage = ((message: { data: unknown }) => {
      const event = parseEvent(String(message.data));
      if (event) handlers.event(event);
    }) as never;
    socket.onopen = (() => {
      opened = true;
      resolve({
        close: () =>
          new Promise<void>((closed) => {
            closing = true;
            if (socket.readyState === CLOSED) return closed();
            socket.onclose = (() => closed()) as never;
            socket.close(NORMAL_CLOSURE, 'client leaving');
          }),
      });
    }) as never;
    socket.onerror = (() => {
      if (!opened) reject(new Error('the push WebSocket could not connect'));
    }) as never;
    socket.onclose = ((event: { code: number; reason: string }) => {
      if (!opened) return reject(new Error(`the push WebSocket closed before opening (${event.code})`));
      if (!closing) handlers.lost({ code: event.code, reason: event.reason });
    }) as never;
  });
}
