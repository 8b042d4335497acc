import type { Ids } from '../../ports/ids';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * Ids that sort strictly in the order this process made them, even within one millisecond (where
 * time-ordered random ids fall in random order): an id that would not sort after the previous one
 * is replaced by the previous one plus one, as ULID's monotonic factory does. Chat message keys
 * need it, so that one player's quick messages list in the order they were sent.
 */
export class MonotonicIds implements Ids {
  private last = '';

  constructor(private readonly ids: Ids) {}

  /** A new id that sorts after every id this instance returned before. */
  next(): string {
    const fresh = this.ids.next();
    this.last = fresh > this.last ? fresh : increment(this.last);
    return this.last;
  }
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
