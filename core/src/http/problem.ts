import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { KumoError, type ErrorKind } from '../ports/errors';
import type { AppEnv } from './env';

/** HTTP status of each error kind. */
const STATUS: Record<ErrorKind, ContentfulStatusCode> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported: 501,
  unavailable: 503,
  internal: 500,
};

/** Codes answered with another status than their kind's. */
const STATUS_OF_CODE: Record<string, ContentfulStatusCode> = { rate_limited: 429 };

/** Codes of the statuses Hono's own middleware answers with. */
const HTTP_CODES: Partial<Record<number, string>> = { 400: 'invalid_json', 413: 'payload_too_large', 415: 'unsupported_media_type' };

/** The JSON body of every error response (`application/problem+json`). */
export interface Problem {
  status: number;
  code: string;
  message: string;
  requestId?: string;
  details?: Record<string, unknown>;
}

/** Input that fails validation. */
export class InvalidRequest extends KumoError {
  constructor(message: string, details?: Record<string, unknown>, code = 'invalid_request') {
    super('invalid', code, message, details);
  }
}

/** Turns any thrown value into a problem: Kumo errors keep their code, anything else is an opaque 500. */
export function toProblem(error: unknown, requestId?: string): Problem {
  if (error instanceof KumoError) {
    const status = STATUS_OF_CODE[error.code] ?? STATUS[error.kind];
    const message = error.kind === 'internal' ? 'internal error' : error.message;
    return { status, code: error.code, message, requestId, ...(error.details && error.kind !== 'internal' ? { details: error.details } : {}) };
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const code = HTTP_CODES[status] ?? `http_${status}`;
    return { status, code, message: error.message || 'bad request', requestId };
  }
  return { status: 500, code: 'internal', message: 'internal error', requestId };
}

/** Writes a problem response and remembers its code for the access log; a 429 says when to retry (`Retry-After`). */
export function problemResponse(c: Context<AppEnv>, problem: Problem): Response {
  c.set('errorCode', problem.code);
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  const retryAfter = problem.details?.retryAfterSeconds;
  if (problem.status === 429 && typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
  return c.json(problem, problem.status as ContentfulStatusCode, headers);
}
