import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '@kumo/adapter-memory';
import type { Store } from '@kumo/core';
import { EMULATOR_KEY } from '@kumo/adapter-azure/testing';
import { migrate } from '../src/migrate';
import { checksums, datastoreStore, documentCount, dynamoStore } from './stores';

const KUMO = fileURLToPath(new URL('../bin/kumo.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'kumo-resume-'));
const ENV = { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AZURE_COSMOS_KEY: EMULATOR_KEY };

/** `partitions` partitions of `perPartition` documents each. */
async function fill(store: Store, partitions: number, perPartition: number): Promise<void> {
  for (let p = 0; p < partitions; p++) {
    for (let start = 0; start < perPartition; start += 50) {
      const keys = Array.from({ length: Math.min(50, perPartition - start) }, (_, i) => start + i);
      await store.commit(keys.map((k) => ({ type: 'put' as const, partition: `player:${p}`, key: `doc:${String(k).padStart(4, '0')}`, version: null, value: { p, k, note: 'x'.repeat(k % 40) } })));
    }
  }
}

/** Runs `kumo` and resolves with its exit code and output. */
function kumo(args: string[], onStart?: (kill: () => void) => void): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [KUMO, ...args], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  onStart?.(() => child.kill('SIGKILL'));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

/** The documents the checkpoint says were copied, or 0 while there is none. */
function copiedSoFar(path: string): number {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { state: { copied: { documents: number } } }).state.copied.documents;
  } catch {
    return 0;
  }
}

describe('kumo migrate resumes', () => {
  it('after kill -9 in the middle of the bulk copy: the second run resumes from the checkpoint, verifies, and removes it', async () => {
    const source = await dynamoStore();
    const target = datastoreStore();
    await fill(source.store, 30, 80);
    const checkpoint = join(scratch, 'killed.json');
    const args = ['migrate', '--from', source.address, '--to', target.address, '--checkpoint', checkpoint, '--json', '--segments', '2', '--concurrency', '1'];
    const killed = await kumo([...args, '--max-ops-per-second', '800'], (kill) => {
      const timer = setInterval(() => {
        if (copiedSoFar(checkpoint) >= 600) {
          clearInterval(timer);
          kill();
        }
      }, 20);
    });
    expect(killed.signal).toBe('SIGKILL');
    const before = copiedSoFar(checkpoint);
    expect(before).toBeGreaterThanOrEqual(600);
    expect(before).toBeLessThan(2400);

    const resumed = await kumo(args);
    expect(resumed.stderr).not.toMatch(/starting over|kumo:/);
    expect(resumed.code).toBe(0);
    const report = JSON.parse(resumed.stdout) as { resumed: boolean; verified: boolean; copy: { documents: number }; passes: Array<{ written: number }> };
    expect(report).toMatchObject({ resumed: true, verified: true });
    expect(existsSync(checkpoint)).toBe(false);
    const sums = await checksums(target.store);
    expect(documentCount(sums)).toBe(2400);
    expect(sums).toEqual(await checksums(source.store));

    const verify = await kumo(['migrate', '--from', source.address, '--to', target.address, '--verify-only', '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ mode: 'verify-only', verified: true });
  }, 300_000);

  it('starts over when the checkpoint is corrupt, and --verify-only names the partitions that differ', async () => {
    const source = new MemoryStore();
    const target = new MemoryStore();
    await fill(source, 6, 10);
    const checkpointPath = join(scratch, 'corrupt.json');
    writeFileSync(checkpointPath, '{"format":"kumo-migrate-checkpoint/1","digest":"00","state":{');
    const notices: string[] = [];
    const report = await migrate({ source, target, from: 'memory:a', to: 'memory:b', checkpointPath, onNotice: (message) => notices.push(message) });
    expect(notices).toEqual([expect.stringMatching(/starting over: .* it is corrupt/)]);
    expect(report).toMatchObject({ resumed: false, verified: true, copy: { documents: 60, partitions: 6 } });
    await target.commit([{ type: 'put', partition: 'player:2', key: 'doc:0003', version: 1, value: { forged: true } }]);
    await target.commit([{ type: 'put', partition: 'stranger', key: 'x', version: null, value: {} }]);
    const verify = await migrate({ source, target, from: 'memory:a', to: 'memory:b', checkpointPath, verifyOnly: true });
    expect(verify).toMatchObject({ verified: false, differingPartitions: ['player:2', 'stranger'] });
    // The bulk copy rewrites the forged document; the catch-up pass deletes the partition the source lacks.
    expect(await migrate({ source, target, from: 'memory:a', to: 'memory:b', checkpointPath })).toMatchObject({ verified: true, passes: [{ differing: 1, written: 0, deleted: 1 }, { differing: 0 }] });
    expect(await checksums(target)).toEqual(await checksums(source));
  });
});
