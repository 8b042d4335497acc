import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A one-time product purchase as the Play Developer API returns it (`ProductPurchase`). */
export interface StandInPurchase {
  packageName: string;
  productId: string;
  token: string;
  orderId: string;
  /** 0 purchased, 1 cancelled, 2 pending. */
  purchaseState?: number;
  /** 0 to consume, 1 consumed. */
  consumptionState?: number;
  acknowledgementState?: number;
  /** 0 a license tester's purchase; absent for a real one. */
  purchaseType?: number;
  quantity?: number;
}

const PATH = /^\/androidpublisher\/v3\/applications\/([^/]+)\/purchases\/products\/([^/]+)\/tokens\/([^/:]+)(:consume|:acknowledge)?$/;

/**
 * A local stand-in of the Google Play Developer API's one-time purchase methods
 * (`purchases.products.get`, `:consume`, `:acknowledge`), driven in tests by the real
 * `@googleapis/androidpublisher` SDK with `rootUrl` pointed here. It issues a service account key
 * and checks that every call carries a bearer JWT signed with it (the SDK's self-signed JWT), and
 * answers unknown tokens with 404 like Google does. Never part of a deployment.
 */
export class GooglePlayStandIn {
  readonly purchases = new Map<string, StandInPurchase>();
  /** Service account credentials the stand-in accepts. */
  readonly credentials: { client_email: string; private_key: string };
  private readonly publicKey: ReturnType<typeof createPublicKey>;
  /** Calls received, as `METHOD path`. */
  readonly calls: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly rootUrl: string,
    keys: { privateKey: string; publicKey: string },
  ) {
    this.credentials = { client_email: 'kumo-test@kumo-test.iam.gserviceaccount.com', private_key: keys.privateKey };
    this.publicKey = createPublicKey(keys.publicKey);
  }

  /** Starts the stand-in on a free local port. */
  static async start(): Promise<GooglePlayStandIn> {
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const server = createServer((request, response) => standIn.handle(request, response));
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const standIn = new GooglePlayStandIn(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, keys);
    return standIn;
  }

  /** Makes a purchase known to the API. */
  add(purchase: StandInPurchase): void {
    this.purchases.set(`${purchase.packageName}/${purchase.productId}/${purchase.token}`, { purchaseState: 0, consumptionState: 0, acknowledgementState: 0, quantity: 1, ...purchase });
  }

  /** Stops the server. */
  close(): Promise<void> {
    return new Promise((done) => this.server.close(() => done()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', this.rootUrl);
    this.calls.push(`${request.method} ${url.pathname}`);
    const reply = (status: number, body: unknown) => void response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (!this.authorized(request.headers.authorization)) return reply(401, { error: { code: 401, message: 'Request is missing valid authentication credentials.' } });
    const match = PATH.exec(url.pathname);
    const purchase = match && this.purchases.get(match.slice(1, 4).map(decodeURIComponent).join('/'));
    if (!match || !purchase) return reply(404, { error: { code: 404, message: 'The purchase token was not found.' } });
    if (request.method === 'GET' && !match[4]) {
      const { packageName: _p, token, ...fields } = purchase;
      return reply(200, { kind: 'androidpublisher#productPurchase', purchaseTimeMillis: String(Date.now()), purchaseToken: token, regionCode: 'JP', ...fields });
    }
    if (request.method === 'POST' && match[4] === ':consume') {
      purchase.consumptionState = 1;
      purchase.acknowledgementState = 1;
      return void response.writeHead(204).end();
    }
    if (request.method === 'POST' && match[4] === ':acknowledge') {
      purchase.acknowledgementState = 1;
      return void response.writeHead(204).end();
    }
    return reply(405, { error: { code: 405, message: 'method not allowed' } });
  }

  /** Checks an RS256 bearer JWT issued by the stand-in's service account. */
  private authorized(header: string | undefined): boolean {
    const [head, body, signature] = (header ?? '').replace(/^Bearer /, '').split('.');
    if (!head || !body || !signature) return false;
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as { iss?: string };
    return claims.iss === this.credentials.client_email && verify('sha256', Buffer.from(`${head}.${body}`), this.publicKey, Buffer.from(signature, 'base64url'));
  }
}
