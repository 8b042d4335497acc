import { randomFillSync } from 'node:crypto';

/** Ids port: unique identifiers for users, receipts and messages. */
export interface Ids {
  /** A new unique id. Ids made later by the same instance sort after ids it made earlier. */
  next(): string;
}

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Random bytes drawn from the system a block at a time (as Node's `randomUUID` does), handed out by `idEntropy`. */
const pool = Buffer.alloc(4096);
let drawn = pool.length;

/**
 * `size` (at most 4096) fresh random bytes for an identifier, valid until the next call. They
 * come from a block of the system's CSPRNG drawn ahead, so an id costs no call into OpenSSL (a
 * synchronous `randomBytes` per id cost more than the rest of a unit of work's bookkeeping). Not
 * for secrets: the bytes of ids to come sit in memory.
 */
export function idEntropy(size: number): Buffer {
  if (drawn + size > pool.length) {
    randomFillSync(pool);
    drawn = 0;
  }
  drawn += size;
  return pool.subarray(drawn - size, drawn);
}

/** 10 base-32 characters of milliseconds then 16 random ones (26 in all, like a ULID). */
function freshId(): string {
  let time = Date.now();
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  let tail = '';
  for (const byte of idEntropy(16)) tail += ALPHABET[byte % 32];
  return head + tail;
}

/** The next string of the same length in the base-32 alphabet's order. */
function increment(id: string): string {
  const digits = [...id];
  for (let i = digits.length - 1; i >= 0; i--) {
    const value = ALPHABET.indexOf(digits[i]!);
    if (value < ALPHABET.length - 1) {
      digits[i] = ALPHABET[value + 1]!;
      return digits.join('');
    }
    digits[i] = ALPHABET[0]!;
  }
  return `${id}0`;
}

let last = '';

/**
 * Time-ordered random ids, monotonic within this process: an id that would not sort after the
 * previous one (same millisecond, or a clock step back) is the previous one plus one, as ULID's
 * monotonic factory does. So chat messages and receipts list in the order they were made.
 */
export const randomIds: Ids = {
  next() {
    const fresh = freshId();
    last = fresh > last ? fresh : increment(last);
    return last;
  },
};
