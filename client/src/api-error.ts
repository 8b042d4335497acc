import type { components } from './generated/openapi';

/** The problem+json body every Kumo error response carries. */
export type Problem = components['schemas']['Problem'];

/**
 * An error answer of the Kumo API: its HTTP `status`, machine-readable `code` (`insufficient_funds`,
 * `purchase_claimed`, ...), `message`, the server's `requestId` (quote it in support requests) and
 * `details`. `idempotencyKey` is the key the call was sent with, if any: send it again to retry
 * the same spending call safely.
 */
export class KumoApiError extends Error {
  override readonly name = 'KumoApiError';
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly idempotencyKey: string | undefined;

  constructor(problem: Problem, idempotencyKey?: string) {
    super(problem.message);
    this.status = problem.status;
    this.code = problem.code;
    this.requestId = problem.requestId;
    this.details = problem.details;
    this.idempotencyKey = idempotencyKey;
  }

  /** The error of a failed response whose body openapi-fetch already parsed (`body`). */
  static fromResponse(response: Response, body: unknown, idempotencyKey?: string): KumoApiError {
    const problem = isProblem(body) ? body : undefined;
    return new KumoApiError(
      {
        status: response.status,
        code: problem?.code ?? `http_${response.status}`,
        message: problem?.message ?? (typeof body === 'string' && body ? body.slice(0, 200) : response.statusText || `HTTP ${response.status}`),
        requestId: problem?.requestId ?? response.headers.get('x-request-id') ?? undefined,
        details: problem?.details,
      },
      idempotencyKey,
    );
  }
}

/** Whether `body` looks like a Kumo problem document. */
function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && typeof (body as Problem).code === 'string' && typeof (body as Problem).message === 'string';
}

/** The SDK cannot do what was asked as things stand (not signed in, no WebSocket class, an answer it cannot use): retrying will not help. */
export class KumoClientError extends Error {
  override readonly name = 'KumoClientError';
}
