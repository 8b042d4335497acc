import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createSecureServer, type Http2SecureServer, type IncomingHttpHeaders, type ServerHttp2Session, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StandInDelivery } from './fcm-stand-in';

/** A signing key like the .p8 file Apple hands out (PKCS#8 PEM of a P-256 key), with its ids. */
export interface ApnsTestKey {
  key: string;
  keyId: string;
  teamId: string;
}

/** A self-signed certificate for 127.0.0.1 (made with the openssl command line), PEM. */
function selfSignedCertificate(): { key: string; cert: string } {
  const folder = mkdtempSync(join(tmpdir(), 'apns-stand-in-'));
  try {
    const [keyFile, certFile] = [join(folder, 'key.pem'), join(folder, 'cert.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * A local stand-in for the APNs provider API: HTTP/2 over TLS (its own certificate, `ca`), `POST
 * /3/device/{token}`, and token-based authentication checked for real: the `authorization: bearer`
 * JWT must be ES256-signed by `signingKey` with its key id and team id, or it answers 403
 * InvalidProviderToken. Accepted notifications are kept (their `type` and `data` back as the event);
 * `reject(token)` makes it answer 410 Unregistered for that token.
 */
export class ApnsStandIn {
  readonly deliveries: StandInDelivery[] = [];
  /** `apns-topic` and `apns-push-type` of each accepted notification. */
  readonly headers: Array<{ topic?: string; pushType?: string }> = [];
  private readonly rejected = new Set<string>();
  private readonly sessions = new Set<ServerHttp2Session>();

  private constructor(
    private readonly server: Http2SecureServer,
    private readonly publicKey: KeyObject,
    /** The key `ApnsMobilePush` must sign with. */
    readonly signingKey: ApnsTestKey,
    /** `host:port` to pass as `address`. */
    readonly address: string,
    /** The stand-in's certificate, to pass as `ca`. */
    readonly ca: string,
  ) {}

  /** Starts a stand-in on a free port of 127.0.0.1, with a fresh signing key. */
  static async start(): Promise<ApnsStandIn> {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signingKey = { key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), keyId: 'KEY1234567', teamId: 'TEAM123456' };
    const tls = selfSignedCertificate();
    const server = createSecureServer({ ...tls, allowHTTP1: false });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const standIn = new ApnsStandIn(server, publicKey, signingKey, `127.0.0.1:${(server.address() as AddressInfo).port}`, tls.cert);
    server.on('stream', (stream, headers) => void standIn.receive(stream, headers));
    server.on('session', (session: ServerHttp2Session) => {
      standIn.sessions.add(session);
      session.on('close', () => standIn.sessions.delete(session));
    });
    return standIn;
  }

  /** From now on the token is unregistered: APNs answers 410 Unregistered. */
  reject(token: string): void {
    this.rejected.add(token);
  }

  /** Forgets what was received and rejected. */
  reset(): void {
    this.deliveries.length = 0;
    this.headers.length = 0;
    this.rejected.clear();
  }

  /** Stops the server and drops open connections. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const session of this.sessions) session.destroy();
    });
  }

  private async receive(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): Promise<void> {
    let text = '';
    for await (const chunk of stream) text += chunk;
    const answer = (status: number, reason?: string) => {
      stream.respond({ ':status': status, 'apns-id': headers['apns-id'] ?? 'stand-in', ...(reason ? { 'content-type': 'application/json' } : {}) });
      stream.end(reason ? JSON.stringify({ reason, ...(status === 410 ? { timestamp: Date.now() } : {}) }) : undefined);
    };
    const path = String(headers[':path'] ?? '');
    const token = path.startsWith('/3/device/') ? path.slice('/3/device/'.length) : undefined;
    if (headers[':method'] !== 'POST' || !token) return answer(404, 'BadPath');
    if (!this.validJwt(String(headers.authorization ?? ''))) return answer(403, 'InvalidProviderToken');
    if (!headers['apns-topic']) return answer(400, 'MissingTopic');
    if (this.rejected.has(token)) return answer(410, 'Unregistered');
    const payload = JSON.parse(text) as { type?: string; data?: Record<string, unknown> };
    this.deliveries.push({ token, event: { type: payload.type ?? '', data: payload.data ?? {} } });
    this.headers.push({ topic: headers['apns-topic'] as string, pushType: headers['apns-push-type'] as string | undefined });
    answer(200);
  }

  /** Whether `bearer <jwt>` is an ES256 token of the signing key, its key id and team id. */
  private validJwt(authorization: string): boolean {
    const [header, claims, signature] = authorization.replace(/^bearer /i, '').split('.');
    if (!header || !claims || !signature) return false;
    const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>;
    const signed = verify('sha256', Buffer.from(`${header}.${claims}`), { key: this.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
    return signed && decode(header).kid === this.signingKey.keyId && decode(header).alg === 'ES256' && decode(claims).iss === this.signingKey.teamId;
  }
}
