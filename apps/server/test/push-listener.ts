import WebSocket from 'ws';

/** A game client's push connection, as the tests see it: the events received so far. */
export interface PushListener {
  events: Array<{ type: string; data: Record<string, unknown> }>;
  /** Resolves once `count` events of `type` arrived (rejects after `timeoutMs`). */
  waitFor(type: string, count?: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** Connects to the local backend's push WebSocket (`/v1/push?token=`) as the token's player. */
export function listen(baseUrl: string, token: string): Promise<PushListener> {
  const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}/v1/push?token=${token}`);
  const events: PushListener['events'] = [];
  socket.on('message', (data) => events.push(JSON.parse(String(data))));
  const listener: PushListener = {
    events,
    async waitFor(type, count = 1, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.filter((e) => e.type === type).length < count) {
        if (Date.now() > deadline) throw new Error(`no ${count} ${type} events within ${timeoutMs}ms: ${JSON.stringify(events)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => socket.close(),
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(listener));
    socket.once('error', reject);
  });
}
