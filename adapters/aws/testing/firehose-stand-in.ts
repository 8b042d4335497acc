import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running stand-in for the Kinesis Data Firehose API. */
export interface FirehoseStandIn {
  /** `http://127.0.0.1:<port>`: give it to the Firehose client as `endpoint`. */
  endpoint: string;
  /** The records received per delivery stream, decoded from base64. */
  readonly delivered: Map<string, string[]>;
  /** The next `n` records get `ServiceUnavailableException` in their `RequestResponses` entry. */
  failNext(n: number): void;
  /** While true, every call answers 503 `ServiceUnavailableException`. */
  unavailable: boolean;
  stop(): Promise<void>;
}

/**
 * A HAND-WRITTEN stand-in for the Kinesis Data Firehose JSON API (no emulator of it installs
 * here): it answers `Firehose_20150804.PutRecordBatch` (records base64-decoded and kept per
 * stream, `FailedPutCount` and per-record `ErrorCode` as Firehose reports them) and nothing else.
 * It does not check SigV4 signatures or that the stream exists.
 */
export async function startFirehoseStandIn(): Promise<FirehoseStandIn> {
  const delivered = new Map<string, string[]>();
  let failing = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
      if (standIn.unavailable) return reply(503, { __type: 'ServiceUnavailableException', message: 'Slow down.' });
      if (request.headers['x-amz-target'] !== 'Firehose_20150804.PutRecordBatch') return reply(400, { __type: 'UnknownOperationException' });
      const { DeliveryStreamName, Records } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { DeliveryStreamName: string; Records: Array<{ Data: string }> };
      const stream = delivered.get(DeliveryStreamName) ?? delivered.set(DeliveryStreamName, []).get(DeliveryStreamName)!;
      const responses = Records.map(({ Data }) => {
        if (failing > 0) {
          failing -= 1;
          return { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' };
        }
        stream.push(Buffer.from(Data, 'base64').toString('utf8'));
        return { RecordId: `r${stream.length}` };
      });
      reply(200, { FailedPutCount: responses.filter((each) => 'ErrorCode' in each).length, Encrypted: false, RequestResponses: responses });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const standIn: FirehoseStandIn = {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    delivered,
    unavailable: false,
    failNext: (n) => void (failing = n),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return standIn;
}
