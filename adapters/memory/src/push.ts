import { Unsupported, type MobilePush, type Push, type PushCapabilities, type PushConnection, type PushEvent, type PublishOutcome } from '@kumo/core';

/** Receives the events published to one connected user. */
export type PushListener = (event: PushEvent) => void;

/**
 * In-process push hub: game clients (the local server's WebSocket endpoint, or tests) `connect`
 * a listener per user; presence is "has at least one listener". Once a server serves its
 * WebSocket (`serveAt`), `connection` tells game clients where it is.
 */
export class MemoryPush implements Push {
  /** Presence is the hub's own listeners: exact. */
  readonly capabilities: PushCapabilities = { presence: true, exactPresence: true };
  private readonly connections = new Map<string, Set<PushListener>>();
  private socket: { url: string; tokenParameter: string } | undefined;

  /** Records where game clients reach this hub: a WebSocket URL taking their access token as the query parameter `tokenParameter`. */
  serveAt(url: string, tokenParameter = 'token'): void {
    this.socket = { url, tokenParameter };
  }

  /** The WebSocket given to `serveAt` (the caller adds its own token); `Unsupported` if no server serves one. */
  async connection(): Promise<PushConnection> {
    if (!this.socket) throw new Unsupported('no server serves a push WebSocket for this hub');
    return { protocol: 'websocket', ...this.socket };
  }

  /** Registers a live connection for the user; returns the function that closes it. */
  connect(userId: string, listener: PushListener): () => void {
    let set = this.connections.get(userId);
    if (!set) this.connections.set(userId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.connections.delete(userId);
    };
  }

  /** Delivers a copy of the event to each of the user's listeners. */
  async publish(userId: string, event: PushEvent): Promise<PublishOutcome> {
    const listeners = this.connections.get(userId);
    if (!listeners || listeners.size === 0) return 'offline';
    const text = JSON.stringify(event);
    for (const listener of listeners) queueMicrotask(() => listener(JSON.parse(text)));
    return 'delivered';
  }

  /** Whether the user has a listener. */
  async isOnline(userId: string): Promise<boolean> {
    return (this.connections.get(userId)?.size ?? 0) > 0;
  }
}

/** Mobile push stand-in that keeps what it was asked to send, for local runs and tests. */
export class MemoryMobilePush implements MobilePush {
  readonly sent: Array<{ userId: string; event: PushEvent }> = [];

  /** Records the notification. */
  async send(userId: string, event: PushEvent): Promise<void> {
    this.sent.push({ userId, event: structuredClone(event) });
  }
}
