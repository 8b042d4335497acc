import { startTestBroker } from '@kumo/adapter-mqtt/testing';
import { TcpLink } from '@kumo/conformance/faults';

/** An in-process MQTT broker behind a link the soak can drop (`brokerDisconnect` faults). */
export interface LinkedBroker {
  /** The URL the push adapter connects to: through the link. */
  url: string;
  disconnect(): Promise<void>;
  close(): Promise<void>;
}

/** Starts an aedes broker and a `TcpLink` in front of it. */
export async function startLinkedBroker(): Promise<LinkedBroker> {
  const broker = await startTestBroker();
  const port = Number(new URL(broker.url).port);
  const link = await TcpLink.open('127.0.0.1', port);
  return {
    url: link.proxied(broker.url),
    disconnect: async () => link.interrupt(),
    close: async () => {
      await link.close();
      await broker.close();
    },
  };
}
