import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One publish the stand-in received: `POST /topics/{topic}?qos=N` and its body. */
export interface RecordedPublish {
  topic: string;
  qos: number;
  body: string;
}

/** A running stand-in for the IoT Core data-plane endpoint. */
export interface IotDataStandIn {
  /** `http://127.0.0.1:<port>`: give it to `IoTDataPlaneClient` as `endpoint`. */
  endpoint: string;
  /** Every publish received, in order. */
  readonly published: RecordedPublish[];
  stop(): Promise<void>;
}

/**
 * A HAND-WRITTEN stand-in for the AWS IoT Core data-plane HTTP API (no emulator of it installs
 * here): it answers only `Publish` (`POST /topics/{topic}?qos=N`, 200 with an empty JSON body),
 * records each request, and hands it to `onPublish` (e.g. to forward it to a real MQTT broker).
 * It does not check SigV4 signatures or IoT policies. Any other request gets 404.
 */
export async function startIotDataStandIn(onPublish?: (publish: RecordedPublish) => Promise<void> | void): Promise<IotDataStandIn> {
  const published: RecordedPublish[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    if (request.method !== 'POST' || !url.pathname.startsWith('/topics/')) {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'not found' }));
      return;
    }
    void (async () => {
      const publish = { topic: decodeURIComponent(url.pathname.slice('/topics/'.length)), qos: Number(url.searchParams.get('qos') ?? 0), body: await readBody(request) };
      published.push(publish);
      await onPublish?.(publish);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    })().catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    published,
    stop: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
