/**
 * Typed errors shared by every port and service. Adapters translate their backend's failures
 * into these, so services and the HTTP layer never see a cloud SDK error.
 */

/** What went wrong, broadly: the HTTP layer maps each kind to one status code. */
export type ErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unsupported'
  | 'unavailable'
  | 'internal';

/** Base class: every Kumo error carries a stable machine-readable `code` and a `kind`. */
export class KumoError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A document read or expected by a unit of work changed before the commit. Retried by `transact`. */
export class Conflict extends KumoError {
  constructor(message = 'a document changed during the transaction', details?: Record<string, unknown>) {
    super('conflict', 'conflict', message, details);
  }
}

/** A document, message or resource that must exist does not. */
export class NotFound extends KumoError {
  constructor(message = 'not found', details?: Record<string, unknown>, code = 'not_found') {
    super('not_found', code, message, details);
  }
}

/** The adapter cannot do what was asked (a capability it does not declare). Never a partial effect. */
export class Unsupported extends KumoError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('unsupported', 'unsupported', message, details);
  }
}

/** An item or a batch exceeds a declared limit. Raised before any backend call. */
export class TooLarge extends KumoError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('too_large', 'too_large', message, details);
  }
}

/** The backend asked us to slow down (throttling, 429) and kept doing so after retries. */
export class Throttled extends KumoError {
  constructor(message = 'backend throttled the request', details?: Record<string, unknown>) {
    super('unavailable', 'throttled', message, details);
  }
}

/**
 * The backend may or may not have applied a commit: the response was lost (timeout, dropped
 * connection, a 5xx after the request was sent) or a transaction was still in progress when the
 * adapter gave up. Adapters throw it from `Store.commit` instead of guessing; `transact` resolves
 * it from the commit ids the batch wrote (see the Store port) and never re-runs work that landed.
 */
export class CommitUnknown extends KumoError {
  constructor(message = 'the outcome of the commit is unknown', details?: Record<string, unknown>) {
    super('unavailable', 'commit_unknown', message, details);
  }
}

/** A query cursor that this store did not produce (or for another query). */
export class InvalidCursor extends KumoError {
  constructor(message = 'the cursor is malformed or belongs to another query') {
    super('invalid', 'invalid_cursor', message);
  }
}
