import { describe, expect, inject, it } from 'vitest';

describe('gcloud emulators', () => {
  it('answer on the ports the global setup chose', async () => {
    for (const host of [inject('datastoreHost'), inject('pubsubHost')]) {
      expect((await fetch(`http://${host}/`)).ok).toBe(true);
    }
  });
});
