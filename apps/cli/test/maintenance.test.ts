import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAINTENANCE_KEY, MAINTENANCE_PARTITION } from '@kumo/core';
import { postgresStore } from './stores';

const KUMO = fileURLToPath(new URL('../bin/kumo.js', import.meta.url));

/** Runs `kumo` and resolves with its exit code and output. */
function kumo(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [KUMO, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('kumo maintenance', () => {
  it('turns the switch on with a reason and Retry-After, shows it, and turns it off again (ending or rolling back a cutover)', async () => {
    const backend = await postgresStore();
    try {
      const on = await kumo(['maintenance', 'on', '--backend', backend.address, '--reason', 'moving to Azure', '--retry-after', '15', '--json']);
      expect(on.stderr).toBe('');
      expect(JSON.parse(on.stdout)).toMatchObject({ on: true, reason: 'moving to Azure', retryAfterSeconds: 15 });
      expect((await backend.store.get(MAINTENANCE_PARTITION, MAINTENANCE_KEY))?.value).toEqual({ reason: 'moving to Azure', retryAfterSeconds: 15 });

      const status = await kumo(['maintenance', 'status', '--backend', backend.address]);
      expect(status.stdout).toMatch(/maintenance ON \(moving to Azure; Retry-After 15 s\)/);

      const off = await kumo(['maintenance', 'off', '--backend', backend.address, '--json']);
      expect(JSON.parse(off.stdout)).toMatchObject({ on: false });
      expect(await backend.store.get(MAINTENANCE_PARTITION, MAINTENANCE_KEY)).toBeUndefined();
      expect((await kumo(['maintenance', 'off', '--backend', backend.address])).stdout).toMatch(/maintenance off: writes are taken/);
    } finally {
      await backend.close();
    }
  }, 60_000);

  it('refuses a missing backend with usage help', async () => {
    const missing = await kumo(['maintenance', 'off']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/--backend <address>/);
  }, 30_000);
});
