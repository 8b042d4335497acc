import { Throttled } from '@kumo/core';

/** gRPC status codes the adapter acts on (google.rpc.Code). */
export const GRPC = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  RESOURCE_EXHAUSTED: 8,
  ABORTED: 10,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

/** Codes with which a commit call may fail after the backend applied it (no answer, or an internal error). */
export const OUTCOME_UNKNOWN_CODES: ReadonlySet<number> = new Set([GRPC.CANCELLED, GRPC.UNKNOWN, GRPC.DEADLINE_EXCEEDED, GRPC.INTERNAL, GRPC.UNAVAILABLE]);

/** The gRPC status code of a Google Cloud client error, if it has one. */
export function grpcCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * Runs `call`, retrying RESOURCE_EXHAUSTED (the backend's throttling: nothing was applied) with
 * jittered exponential backoff, and throws `Throttled` if it persists. Other errors pass through.
 */
export async function retryThrottled<T>(call: () => Promise<T>, attempts = 5, baseDelayMs = 50): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (grpcCode(error) !== GRPC.RESOURCE_EXHAUSTED) throw error;
      if (attempt >= attempts) throw new Throttled(`backend throttled the request ${attempts} times`, { cause: String(error) });
      await new Promise((resolve) => setTimeout(resolve, Math.random() * baseDelayMs * 2 ** attempt));
    }
  }
}
