import { createServer, type AddressInfo } from 'node:net';
import Aedes from 'aedes';

/** An in-process MQTT broker for tests. */
export interface TestBroker {
  /** `mqtt://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

/** Starts an aedes broker on a free port of 127.0.0.1 (for vitest globalSetup files). */
export async function startTestBroker(): Promise<TestBroker> {
  // The default import and `new` work in plain Node too (aedes is CommonJS without named exports).
  const broker = new Aedes();
  const server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
