import mitt, { type Emitter, type Handler } from 'mitt';
import { KumoApiError, KumoClientError } from '../api-error';
import { backoffDelay, type Backoff } from '../backoff';
import type { KumoPushEvents, PushClientEvents, PushConnection, PushDisconnect } from './events';
import type { OpenLink, PushLink } from './link';

/** What the push client needs from the rest of the SDK. */
export interface PushDependencies {
  /** Asks `GET /v1/push/connection`. */
  negotiate(): Promise<PushConnection>;
  /** The current access token; with `refused`, one the server refused (a fresh one is fetched). */
  token(refused?: string): Promise<string>;
  /** How to open a link, by protocol. */
  links: Record<PushConnection['protocol'], OpenLink>;
  /** Delays between reconnection attempts (default 500 ms doubling up to 30 s). */
  backoff?: Backoff;
}

/** How a link ended, and the token the server refused if that was why. */
interface Loss {
  disconnect: PushDisconnect;
  refusedToken?: string;
}

/** Close code with which the local server ends a socket whose token expired. */
const TOKEN_EXPIRED = 4001;

/** Whether a failed attempt is worth repeating: network trouble and 5xx/429, not a refusal or a misuse. */
function retryable(error: unknown): boolean {
  if (error instanceof KumoClientError) return false;
  return !(error instanceof KumoApiError) || error.status >= 500 || error.status === 429;
}

/**
 * Live push for the signed-in player: `connect()` negotiates, opens what the backend answered
 * (local WebSocket, MQTT, Azure Web PubSub) and keeps it open — after a loss it negotiates again
 * and reconnects with backoff — until `disconnect()`, which leaves cleanly (presence offline).
 * Listen with `on('matched', ...)`, `on('chat.message', ...)`, `on('inbox.message', ...)`, any
 * event with `on('event', ...)`, and the connection itself with `connected`/`disconnected`/`error`.
 */
export class KumoPush {
  private readonly emitter: Emitter<PushClientEvents> = mitt<PushClientEvents>();
  private readonly backoff: Backoff;
  private link: PushLink | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  /** Bumped by each `connect`, so that a loop left over from before a `disconnect` stops. */
  private generation = 0;
  private wake: (() => void) | undefined;
  private lose: ((why: Loss) => void) | undefined;

  constructor(private readonly deps: PushDependencies) {
    this.backoff = deps.backoff ?? { initialMs: 500, maxMs: 30_000 };
  }

  /** Listens to a pushed event type or to the connection's `connected`/`disconnected`/`error`. */
  on<K extends keyof PushClientEvents>(type: K, handler: Handler<PushClientEvents[K]>): () => void {
    this.emitter.on(type, handler);
    return () => this.emitter.off(type, handler);
  }

  /** Resolves with the data of the next `type` event (rejects after `timeoutMs`, default 10 s). */
  next<K extends keyof KumoPushEvents>(type: K, timeoutMs = 10_000): Promise<KumoPushEvents[K]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no ${type} push within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on(type, (data) => {
        clearTimeout(timer);
        off();
        resolve(data as KumoPushEvents[K]);
      });
    });
  }

  /** Whether a link is open now. */
  get connected(): boolean {
    return this.link !== undefined;
  }

  /**
   * Connects and stays connected until `disconnect()`. Resolves once the first link is open;
   * rejects if the backend refuses (e.g. 401, or 501 when it cannot say how to connect), while
   * network trouble is retried with backoff.
   */
  connect(): Promise<void> {
    if (!this.stopped) return this.running ?? Promise.resolve();
    this.stopped = false;
    this.generation++;
    let first: { resolve(): void; reject(error: unknown): void } | undefined;
    const opened = new Promise<void>((resolve, reject) => (first = { resolve, reject }));
    this.running = opened;
    void this.run(first!);
    return opened;
  }

  /** Leaves cleanly (presence goes offline at once) and stops reconnecting. */
  async disconnect(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.lose?.({ disconnect: { reason: 'disconnected by the client' } });
    const link = this.link;
    this.link = undefined;
    await link?.close();
  }

  private async run(first: { resolve(): void; reject(error: unknown): void }): Promise<void> {
    const generation = this.generation;
    const live = () => !this.stopped && this.generation === generation;
    let settled = false;
    let refused: string | undefined;
    for (let attempt = 0; live(); attempt++) {
      try {
        const { lost } = await this.open(refused, live);
        attempt = -1;
        if (!settled) first.resolve();
        settled = true;
        const why = await lost;
        refused = why.refusedToken;
        if (!live()) break;
        this.emitter.emit('disconnected', why.disconnect);
      } catch (error) {
        if (!live()) break;
        this.emitter.emit('error', error);
        if (!retryable(error)) {
          this.stopped = true;
          if (!settled) first.reject(error);
          return;
        }
      }
      if (live()) await this.pause(backoffDelay(Math.max(0, attempt), this.backoff));
    }
    if (!settled) first.reject(new Error('push disconnected before it connected'));
  }

  /** Negotiates and opens one link (closed at once if `live` no longer holds); resolves with a promise of its loss. */
  private async open(refused: string | undefined, live: () => boolean): Promise<{ lost: Promise<Loss> }> {
    const connection = await this.deps.negotiate();
    const token = await this.deps.token(refused);
    const lost = new Promise<Loss>((resolve) => (this.lose = resolve));
    const link = await this.deps.links[connection.protocol](connection, token, {
      event: (event) => {
        this.emitter.emit('event', event);
        this.emitter.emit(event.type as keyof KumoPushEvents, event.data as never);
      },
      lost: (disconnect) => {
        this.link = undefined;
        this.lose?.({ disconnect, refusedToken: disconnect.code === TOKEN_EXPIRED ? token : undefined });
      },
    });
    if (!live()) {
      await link.close();
      return { lost: Promise.resolve({ disconnect: { reason: 'disconnected by the client' } }) };
    }
    this.link = link;
    this.emitter.emit('connected', connection);
    return { lost };
  }

  /** Waits `ms`, or less if `disconnect` is called. */
  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
