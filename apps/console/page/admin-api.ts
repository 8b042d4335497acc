/** An error answer of the API (a problem+json body): shown to the operator as `code: message`. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** There is no admin token, or it expired or was refused: the operator must sign in again. */
export class SignInNeeded extends Error {}

/** A path with every interpolated value URL-encoded: path`/v1/admin/users/${id}/wallet`. */
export function path(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  return strings.reduce((out, part, i) => out + part + (i < values.length ? encodeURIComponent(String(values[i])) : ''), '');
}

/**
 * Client of the Kumo admin API. An operator's password is sent once, to `POST /v1/auth/operator`
 * (or the bootstrap admin key, to `POST /v1/admin/auth`); only the short-lived admin token it
 * returns is kept, in this object's memory (never in web storage).
 */
export class AdminApi {
  private session?: { base: string; token: string; expiresAt: number };

  /** Exchanges an operator's password (or, without an operator, the admin key) for an admin token; returns when the token expires (ms since the epoch). */
  async signIn(base: string, secret: string, operatorId?: string): Promise<number> {
    const apiBase = base.replace(/\/+$/, '');
    const exchange = operatorId ? send(apiBase, 'POST', '/v1/auth/operator', undefined, { operatorId, password: secret }) : send(apiBase, 'POST', '/v1/admin/auth', undefined, { adminKey: secret });
    const { token, expiresAt } = (await exchange) as { token: string; expiresAt: number };
    this.session = { base: apiBase, token, expiresAt };
    return expiresAt;
  }

  /** Forgets the token. */
  signOut(): void {
    this.session = undefined;
  }

  /** Calls an admin route with the token; throws `SignInNeeded` when the token is missing, expired or refused. */
  async call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const session = this.session;
    if (!session || Date.now() >= session.expiresAt) {
      this.session = undefined;
      throw new SignInNeeded('The admin token expired: sign in again.');
    }
    try {
      return (await send(session.base, method, route, session.token, body)) as T;
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 401) {
        this.session = undefined;
        throw new SignInNeeded(`The API refused the admin token (${error.code}: ${error.message}); sign in again.`);
      }
      throw error;
    }
  }
}

async function send(base: string, method: string, route: string, token: string | undefined, body: unknown): Promise<unknown> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(base + route, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (response.ok) return parsed;
  const problem = (parsed ?? {}) as { code?: string; message?: string; details?: unknown };
  throw new ApiProblem(response.status, problem.code ?? `http_${response.status}`, problem.message ?? response.statusText, problem.details);
}
