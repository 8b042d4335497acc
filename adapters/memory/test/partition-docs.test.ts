import { describe, expect, it } from 'vitest';
import { PartitionDocs } from '../src/partition-docs';
import { seeded } from './seeded';

describe('PartitionDocs: one partition of the embedded store', () => {
  it('walks the keys in order and in reverse, from any prefix and after any cursor (present or not), as a sorted list does', () => {
    const random = seeded(11);
    const key = () => Array.from({ length: 1 + Math.floor(random() * 6) }, () => 'abc'[Math.floor(random() * 3)]).join('');
    const docs = new PartitionDocs();
    const model = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const k = key();
      if (random() < 0.3) {
        docs.delete(k);
        model.delete(k);
      } else {
        docs.set(k, { version: i, value: {} });
        model.set(k, i);
      }
    }
    const sorted = [...model.keys()].sort();
    expect(docs.size()).toBe(sorted.length);
    for (let i = 0; i < 300; i++) {
      const prefix = random() < 0.5 ? '' : key().slice(0, 2);
      const cursor = random() < 0.5 ? undefined : key();
      const reverse = random() < 0.5;
      const walked = [...docs.walk(prefix, cursor, reverse)].map(([k, entry]) => [k, entry.version]);
      const expected = (reverse ? [...sorted].reverse() : sorted)
        .filter((k) => (cursor === undefined ? (reverse ? k <= `${prefix}\uffff` : k >= prefix) : reverse ? k < cursor : k > cursor))
        .map((k) => [k, model.get(k)]);
      expect(walked).toEqual(expected);
    }
  });
});
