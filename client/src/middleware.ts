import type { Middleware } from 'openapi-fetch';
import { KumoApiError } from './api-error';
import { SPENDING_POST_PATHS } from './generated/spending-operations';

const SPENDING = new Set(SPENDING_POST_PATHS);

/** A fresh idempotency key (a random UUID). */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * Gives every spending call (a POST whose operation takes an `Idempotency-Key` header) a fresh
 * key unless the caller passed one; automatic retries resend the same request, hence the same key.
 */
export const idempotencyKeys: Middleware = {
  onRequest({ request, schemaPath }) {
    if (request.method !== 'POST' || !SPENDING.has(schemaPath) || request.headers.has('idempotency-key')) return;
    request.headers.set('idempotency-key', newIdempotencyKey());
    return request;
  },
};

/** Throws every error answer as a `KumoApiError` (the problem+json body's code, message and request id). */
export const problemErrors: Middleware = {
  async onResponse({ request, response }) {
    if (response.ok) return;
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (a proxy's error page): the text is the message.
    }
    throw KumoApiError.fromResponse(response, body, request.headers.get('idempotency-key') ?? undefined);
  },
};
