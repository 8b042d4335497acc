import { timingSafeEqual } from 'node:crypto';
import { sign, verify } from 'hono/jwt';
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

/** Issues and verifies HMAC-SHA256 signed access tokens (JWT) with an expiry. */
export class TokenService {
  constructor(
    private readonly secrets: Secrets,
    private readonly clock: Clock,
  ) {}

  /** Signs a token for the principal. */
  async issue(principal: Principal): Promise<IssuedToken> {
    const now = Math.floor(this.clock.now() / 1000);
    const exp = now + TTL_SECONDS[principal.role];
    const token = await sign({ sub: principal.userId, role: principal.role, iat: now, exp }, this.secrets.get('tokenSigningKey'), 'HS256');
    return { token, expiresAt: exp * 1000 };
  }

  /** Verifies signature and expiry; throws `Unauthorized` otherwise. */
  async verify(token: string): Promise<VerifiedPrincipal> {
    try {
      // Expiry is checked below against the Clock port, so tests and game rules share one notion of time.
      const payload = await verify(token, this.secrets.get('tokenSigningKey'), { alg: 'HS256', iat: false, exp: false, nbf: false });
      const nowSeconds = Math.floor(this.clock.now() / 1000);
      if (typeof payload.exp !== 'number' || payload.exp <= nowSeconds) throw new Unauthorized('token expired');
      if (typeof payload.sub !== 'string' || (payload.role !== 'player' && payload.role !== 'admin')) throw new Unauthorized();
      return { userId: payload.sub, role: payload.role, expiresAt: payload.exp * 1000 };
    } catch (error) {
      if (error instanceof KumoError && !(error instanceof Unauthorized)) throw error;
      throw error instanceof Unauthorized ? error : new Unauthorized();
    }
  }

  /** Exchanges the configured admin key for an admin token. */
  async issueAdmin(adminKey: string): Promise<IssuedToken> {
    const expected = Buffer.from(this.secrets.get('adminKey'));
    const given = Buffer.from(adminKey);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new Unauthorized('invalid admin key');
    return this.issue({ userId: 'admin', role: 'admin' });
  }
}
