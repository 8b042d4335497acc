import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a backend (an MQTT broker, an emulator) whose connections
 * can be dropped for real: point the client under test at `port` and `cut` the link to make it
 * lose its connection; while cut, new connections are accepted and closed at once, as a broker
 * that is restarting does; `restore` lets the client reconnect.
 */
export class TcpLink {
  private readonly sockets = new Set<Socket>();
  private down = false;

  private constructor(
    private readonly server: Server,
    /** The port clients connect to instead of the backend's. */
    readonly port: number,
  ) {}

  /** Starts a proxy to `host:port` on a free local port. */
  static async open(host: string, port: number): Promise<TcpLink> {
    const accepted: Array<(client: Socket) => void> = [];
    const server = createServer((client) => accepted[0]!(client));
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
    const link = new TcpLink(server, (server.address() as AddressInfo).port);
    accepted.push((client) => link.accept(client, host, port));
    return link;
  }

  /** `url` with its host and port replaced by this proxy's (e.g. `mqtt://127.0.0.1:1883` → the proxy). */
  proxied(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString().replace(/\/$/, '');
  }

  /** Drops every open connection and refuses new ones until `restore`. */
  cut(): void {
    this.down = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  /** Accepts connections again. */
  restore(): void {
    this.down = false;
  }

  /** Drops every open connection once; clients may reconnect at once. */
  interrupt(): void {
    this.cut();
    this.restore();
  }

  /** Stops the proxy and drops its connections. */
  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, host: string, port: number): void {
    if (this.down) return void client.destroy();
    const backend = createConnection({ host, port });
    for (const [from, to] of [
      [client, backend],
      [backend, client],
    ] as const) {
      this.sockets.add(from);
      from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
    }
  }
}
