import { createHmac, timingSafeEqual } from 'node:crypto';
import { KumoError } from '../ports/errors';
import type { Clock } from '../ports/clock';
import type { Secrets } from '../ports/secrets';

/** Who a request acts as: a player, or an operator with admin credentials. */
export interface Principal {
  userId: string;
  role: 'player' | 'admin';
}

/** A principal read from a verified token, with the token's expiry (ms since epoch). */
export interface VerifiedPrincipal extends Principal {
  expiresAt: number;
}

/** A signed access token and when it expires (ms since epoch). */
export interface IssuedToken {
  token: string;
  expiresAt: number;
}

/** The request lacks valid credentials. */
export class Unauthorized extends KumoError {
  constructor(message = 'missing or invalid credentials') {
    super('unauthorized', 'unauthorized', message);
  }
}

/** Player tokens live one hour; admin tokens fifteen minutes. */
const TTL_SECONDS = { player: 3600, admin: 900 } as const;

/** The header of every token Kumo signs (JWS compact serialization, RFC 7515). */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/** The base64url HMAC-SHA256 signature of a token's `header.payload` part. */
const signature = (key: string, signed: string) => createHmac('sha256', key).update(signed).digest('base64url');

/** The JSON object a base64url token segment encodes, or undefined. */
function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Most verified tokens `TokenService` remembers (the oldest is forgotten first). */
const MAX_REMEMBERED_TOKENS = 10_000;

/**
 * Issues and verifies HMAC-SHA256 signed access tokens (JWT) with an expiry. A token that verified
 * is remembered (by its exact text and the signing key it verified with), so a client's next
 * requests skip the signature and JSON decoding; its expiry is checked on every use.
 */
export class TokenService {
  private readonly verified = new Map<string, { principal: VerifiedPrincipal; key: string }>();

  constructor(
    private readonly secrets: Secrets,
    private readonly clock: Clock,
  ) {}

  /** Signs a token for the principal. */
  async issue(principal: Principal): Promise<IssuedToken> {
    const now = Math.floor(this.clock.now() / 1000);
    const exp = now + TTL_SECONDS[principal.role];
    const signed = `${HEADER}.${Buffer.from(JSON.stringify({ sub: principal.userId, role: principal.role, iat: now, exp })).toString('base64url')}`;
    return { token: `${signed}.${signature(this.secrets.get('tokenSigningKey'), signed)}`, expiresAt: exp * 1000 };
  }

  /**
   * Verifies the HS256 signature (constant-time), then the expiry against the Clock port; throws
   * `Unauthorized` otherwise. Synchronous: nothing it checks waits on I/O, so a request's auth
   * costs no promise.
   */
  verify(token: string): VerifiedPrincipal {
    const key = this.secrets.get('tokenSigningKey');
    const known = this.verified.get(token);
    if (known?.key === key) {
      if (known.principal.expiresAt / 1000 <= Math.floor(this.clock.now() / 1000)) {
        this.verified.delete(token);
        throw new Unauthorized('token expired');
      }
      return { ...known.principal };
    }
    const principal = this.verifySignedToken(token, key);
    if (this.verified.size >= MAX_REMEMBERED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { principal, key });
    return { ...principal };
  }

  /** Checks a token's signature with `key`, its header, expiry and claims, as `verify` describes. */
  private verifySignedToken(token: string, key: string): VerifiedPrincipal {
    const parts = token.split('.');
    if (parts.length !== 3) throw new Unauthorized();
    const [header, body, given] = parts as [string, string, string];
    if (decodeSegment(header)?.alg !== 'HS256') throw new Unauthorized();
    const expected = Buffer.from(signature(key, `${header}.${body}`));
    const actual = Buffer.from(given);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new Unauthorized();
    const payload = decodeSegment(body);
    if (!payload) throw new Unauthorized();
    if (typeof payload.exp !== 'number' || payload.exp <= Math.floor(this.clock.now() / 1000)) throw new Unauthorized('token expired');
    if (typeof payload.sub !== 'string' || (payload.role !== 'player' && payload.role !== 'admin')) throw new Unauthorized();
    return { userId: payload.sub, role: payload.role, expiresAt: payload.exp * 1000 };
  }

  /** Exchanges the configured admin key for an admin token. */
  async issueAdmin(adminKey: string): Promise<IssuedToken> {
    const expected = Buffer.from(this.secrets.get('adminKey'));
    const given = Buffer.from(adminKey);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new Unauthorized('invalid admin key');
    return this.issue({ userId: 'admin', role: 'admin' });
  }
}
