import { z } from '@hono/zod-openapi';
import { IDEMPOTENCY_KEY_PATTERN } from './idempotency-key';

/**
 * The `Idempotency-Key` request header (IETF httpapi draft "The Idempotency-Key HTTP Header
 * Field"), declared on every route that spends currency or items. Put it in a route's
 * `request.headers`; read it with `idempotencyKey`.
 */
export const IdempotencyKeyHeaders = z.object({
  'idempotency-key': z
    .string()
    .max(300)
    .optional()
    .openapi({
      description:
        'Makes the request idempotent: the same key with the same body returns the first response without doing anything again; ' +
        'the same key with another body is refused with 409 `reference_reused`. A Structured Field string ("…") as the draft ' +
        'specifies; a bare value of printable ASCII is accepted too. At most 128 characters.',
      example: '"8e03978e-40d5-43e8-bc93-6894a57f9324"',
    }),
});

/** The deprecated body field that did the header's job before it; still honoured. */
export const DeprecatedRequestIdSchema = z
  .string()
  .regex(IDEMPOTENCY_KEY_PATTERN, 'printable ASCII without spaces, at most 128 characters')
  .optional()
  .openapi({ deprecated: true, description: 'Deprecated: send the `Idempotency-Key` header instead. Used as the key when the header is absent.' });
