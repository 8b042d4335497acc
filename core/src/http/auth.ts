import type { MiddlewareHandler } from 'hono';
import type { Principal, TokenService } from '../services/account/tokens';
import { Unauthorized } from '../services/account/tokens';
import { KumoError } from '../ports/errors';
import type { AppEnv } from './env';

/** The principal lacks the role the route needs. */
export class Forbidden extends KumoError {
  constructor(message = 'not allowed') {
    super('forbidden', 'forbidden', message);
  }
}

/** Requires a valid bearer token of the given role and puts its principal on the context. */
export function requireRole(tokens: TokenService, role: Principal['role']): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new Unauthorized('send Authorization: Bearer <token>');
    const principal = await tokens.verify(match[1]!);
    if (principal.role !== role) throw new Forbidden(`this route needs a ${role} token`);
    c.set('principal', principal);
    await next();
  };
}
