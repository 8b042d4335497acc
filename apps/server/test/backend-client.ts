import { afterAll, beforeAll } from 'vitest';
import type { SignInLimitSettings } from '@kumo/core';
import { devSecrets } from '../src/dev-secrets';
import { startLocalBackend, type LocalBackend, type LocalBackendOptions } from '../src/local-backend';

/** The admin key of backends started by `useBackend`. */
export const ADMIN_KEY = 'local-admin-key-for-tests-only';

/** The token signing key of backends started by `useBackend` (tests forge tokens with it). */
export const TOKEN_SECRET = 'local-token-secret-for-tests-only';

/** A JSON response as the tests see it. */
export interface Reply {
  status: number;
  type: string;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** An HTTP client of a local backend started for the calling test file (port 0, memory adapter). */
export interface BackendClient {
  call(method: string, path: string, options?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<Reply>;
  /** A new player account, logged in (log in again with `login` for a second device). */
  player(): Promise<{ userId: string; token: string; login(): Promise<string> }>;
  /** An admin token. */
  admin(): Promise<string>;
  /** The backend's base URL (for WebSocket push clients). */
  url(): string;
  /** The running backend (its ports). */
  backend(): LocalBackend;
}

/** Sign-in limits high enough for a test file's many players from one address (rate-limit tests set their own). */
export const TEST_SIGN_IN_LIMITS: SignInLimitSettings = {
  adminAuthFailuresPerClient: { limit: 1000, windowMs: 60_000 },
  loginsPerClient: { limit: 10_000, windowMs: 60_000 },
  loginFailuresPerAccount: { limit: 1000, windowMs: 60_000 },
  accountsPerClient: { limit: 10_000, windowMs: 60_000 },
};

/**
 * Starts a local backend before the file's tests and stops it after; returns a client for it.
 * `options` (or a function resolving them in the same beforeAll) adds settings such as the purchase stores.
 */
export function useBackend(options: Partial<LocalBackendOptions> | (() => Promise<Partial<LocalBackendOptions>>) = {}): BackendClient {
  let backend: LocalBackend;
  beforeAll(async () => {
    const { secrets } = devSecrets({ KUMO_ADMIN_KEY: ADMIN_KEY, KUMO_TOKEN_SECRET: TOKEN_SECRET });
    const extra = typeof options === 'function' ? await options() : options;
    backend = await startLocalBackend({ port: 0, secrets, accessLog: () => {}, signInLimits: TEST_SIGN_IN_LIMITS, ...extra });
  });
  afterAll(async () => backend.stop());

  const call: BackendClient['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined || options.raw !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${backend.url}${path}`, { method, headers, body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)) });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type') ?? '', headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  return {
    call,
    url: () => backend.url,
    backend: () => backend,
    async player() {
      const { body: account } = await call('POST', '/v1/accounts');
      const { body: login } = await call('POST', '/v1/auth/login', { body: account });
      if (typeof login.token !== 'string') throw new Error(`a test player could not sign up and in: ${JSON.stringify({ account, login })}`);
      const again = async () => (await call('POST', '/v1/auth/login', { body: account })).body.token as string;
      return { userId: account.userId as string, token: login.token as string, login: again };
    },
    async admin() {
      return (await call('POST', '/v1/admin/auth', { body: { adminKey: ADMIN_KEY } })).body.token as string;
    },
  };
}
