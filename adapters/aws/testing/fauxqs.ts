import { startFauxqs } from 'fauxqs';

/** An SQS-compatible server (fauxqs, in process) started for tests. */
export interface SqsServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts fauxqs on a free port of 127.0.0.1. */
export async function startSqsServer(): Promise<SqsServer> {
  const server = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
  return { endpoint: `http://127.0.0.1:${server.port}`, stop: () => server.stop() };
}
