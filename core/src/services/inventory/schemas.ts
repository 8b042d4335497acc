import { z } from '@hono/zod-openapi';
import { MAX_AMOUNT } from '../wallet/wallet-types';
import { MAX_ITEM_COUNT } from './inventory-types';

/** An item model id. */
export const ItemIdSchema = z.string().regex(/^[a-z0-9_-]{1,64}$/, 'an item id is 1-64 of a-z, 0-9, _ and -').openapi({ example: 'potion' });
/** A wallet slot (same rule as the wallet's routes). */
export const SlotSchema = z.string().regex(/^[a-z0-9_-]{1,32}$/, 'a slot is 1-32 of a-z, 0-9, _ and -').openapi({ example: 'ios' });
/** A positive count of items. */
export const CountSchema = z.number().int().min(1).max(MAX_ITEM_COUNT);
/** A currency amount (zero allowed). */
export const AmountSchema = z.number().int().min(0).max(MAX_AMOUNT);
/** A client's idempotency id. */
export const RequestIdSchema = z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');
/** Query of a paged list. */
export const PageQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50), cursor: z.string().max(500).optional() });

/** What acquiring items gave: what fit, and what overflowed into the inbox (with that message's id). */
export const AcquireResultSchema = z
  .object({ itemId: z.string(), count: z.number().int(), acquired: z.number().int(), overflowed: z.number().int(), overflowMessageId: z.string().nullable() })
  .openapi('AcquireResult');
