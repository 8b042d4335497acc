import { parseItem } from 'structured-headers';
import { InvalidRequest } from './problem';

/** What an idempotency key may hold once parsed: 1-128 printable ASCII characters without spaces. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;

/** The header's key: a Structured Field string, or else the bare value; 400 `invalid_idempotency_key` otherwise. */
function parseHeader(value: string): string {
  let key: unknown = value.trim();
  try {
    const [item] = parseItem(value);
    if (typeof item === 'string') key = item;
  } catch {
    // Not a Structured Field item: the bare value is the key.
  }
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(key) || key.startsWith('"')) {
    throw new InvalidRequest('Idempotency-Key must be a string of 1-128 printable ASCII characters without spaces', { header: 'Idempotency-Key' }, 'invalid_idempotency_key');
  }
  return key;
}

/**
 * The idempotency key of a request: the `Idempotency-Key` header, else the deprecated body
 * `requestId`. Both given and different: 400 `idempotency_key_mismatch`. With `required`, a
 * request with neither gets 400 `idempotency_key_required`.
 */
export function idempotencyKey(header: string | undefined, requestId: string | undefined, required: true): string;
export function idempotencyKey(header: string | undefined, requestId: string | undefined, required?: false): string | undefined;
export function idempotencyKey(header: string | undefined, requestId: string | undefined, required = false): string | undefined {
  const key = header === undefined ? undefined : parseHeader(header);
  if (key !== undefined && requestId !== undefined && key !== requestId) {
    throw new InvalidRequest('the Idempotency-Key header and the body requestId differ; send the header only', { header: key, requestId }, 'idempotency_key_mismatch');
  }
  const chosen = key ?? requestId;
  if (chosen === undefined && required) throw new InvalidRequest('this request spends currency: send an Idempotency-Key header', { header: 'Idempotency-Key' }, 'idempotency_key_required');
  return chosen;
}

/** The validated headers of a route that declares `IdempotencyKeyHeaders`. */
type KeyHeaders = { 'idempotency-key'?: string };

/** The validated body with `requestId` set to the request's idempotency key (see `idempotencyKey`). */
export function keyedBody<B extends { requestId?: string }>(headers: KeyHeaders, body: B, required: true): B & { requestId: string };
export function keyedBody<B extends { requestId?: string }>(headers: KeyHeaders, body: B, required?: false): B;
export function keyedBody<B extends { requestId?: string }>(headers: KeyHeaders, body: B, required = false): B {
  return { ...body, requestId: required ? idempotencyKey(headers['idempotency-key'], body.requestId, true) : idempotencyKey(headers['idempotency-key'], body.requestId) };
}

