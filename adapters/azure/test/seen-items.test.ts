import { describe, expect, it } from 'vitest';
import { SeenItems } from '../src/seen-items';

describe('SeenItems', () => {
  it('remembers per partition and key, and forgets the least recently used past its limit', () => {
    const seen = new SeenItems<number>(2);
    seen.remember('p', 'a', 1);
    seen.remember('q', 'a', 2);
    seen.remember('p', 'a', 3);
    seen.remember('p', 'b', 4);
    expect([seen.get('p', 'a'), seen.get('q', 'a'), seen.get('p', 'b')]).toEqual([3, undefined, 4]);
    seen.forget('p', 'a');
    expect(seen.get('p', 'a')).toBeUndefined();
  });
});
