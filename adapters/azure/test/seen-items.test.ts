import { describe, expect, it } from 'vitest';
import { SeenItems } from '../src/seen-items';

describe('SeenItems', () => {
  it('remembers per partition and key, keeps at least the newest half of its limit, and forgets the rest', () => {
    const seen = new SeenItems<number>(4);
    seen.remember('p', 'a', 1);
    seen.remember('q', 'a', 2);
    seen.remember('p', 'a', 3);
    expect([seen.get('p', 'a'), seen.get('q', 'a')]).toEqual([3, 2]);
    seen.remember('p', 'b', 4);
    seen.remember('p', 'c', 5);
    seen.remember('p', 'd', 6);
    expect([seen.get('p', 'a'), seen.get('q', 'a'), seen.get('p', 'b'), seen.get('p', 'c'), seen.get('p', 'd')]).toEqual([undefined, undefined, undefined, 5, 6]);
    seen.remember('p', 'e', 7);
    seen.forget('p', 'd');
    seen.forget('p', 'e');
    expect([seen.get('p', 'c'), seen.get('p', 'd'), seen.get('p', 'e')]).toEqual([5, undefined, undefined]);
  });
});
