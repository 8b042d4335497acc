import { randomBytes } from 'node:crypto';

/** Ids port: unique identifiers for users, receipts and messages. */
export interface Ids {
  /** A new unique id. Ids made later sort after ids made earlier (time-ordered, base32). */
  next(): string;
}

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Time-ordered random ids: 10 characters of milliseconds then 16 random characters. */
export const randomIds: Ids = {
  next() {
    let time = Date.now();
    let head = '';
    for (let i = 0; i < 10; i++) {
      head = ALPHABET[time % 32] + head;
      time = Math.floor(time / 32);
    }
    const bytes = randomBytes(16);
    let tail = '';
    for (const byte of bytes) tail += ALPHABET[byte % 32];
    return head + tail;
  },
};
