import { describe, expect, it } from 'vitest';
import { randomIds } from '../src/ports/ids';

describe('randomIds', () => {
  it('makes unique ids that sort in the order they were made, even within one millisecond', () => {
    const ids = Array.from({ length: 20_000 }, () => randomIds.next());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(ids.every((id) => /^[0-9a-hjkmnp-tv-z]{26}$/.test(id))).toBe(true);
  });
});
