import { describe, expect, it } from 'vitest';
import { Unsupported } from '@kumo/core';
import { MemoryPush } from '../src/index';

describe('MemoryPush.connection', () => {
  it('throws Unsupported until a server serves its WebSocket, then answers where it is', async () => {
    const push = new MemoryPush();
    await expect(push.connection()).rejects.toBeInstanceOf(Unsupported);
    push.serveAt('ws://127.0.0.1:8080/v1/push');
    expect(await push.connection()).toEqual({ protocol: 'websocket', url: 'ws://127.0.0.1:8080/v1/push', tokenParameter: 'token' });
  });
});
