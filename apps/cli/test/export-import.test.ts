import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '@kumo/adapter-memory';
import { BadExport } from '../src/export-format';
import { exportStore, importFile } from '../src/export-import';
import { checksums, cosmosStore, documentCount } from './stores';
import { seedWorld, servicesOn } from './world';

const scratch = mkdtempSync(join(tmpdir(), 'kumo-export-'));

/** Rewrites an export's text (decompressed), as someone tampering with it would. */
function tamper(from: string, to: string, change: (text: string) => string): void {
  writeFileSync(to, gzipSync(change(gunzipSync(readFileSync(from)).toString('utf8'))));
}

describe('kumo export / kumo import', () => {
  it('round-trips a game world through a file into Cosmos DB, verified against the manifest, and a second import changes nothing', async () => {
    const source = servicesOn();
    await seedWorld(source.container, 40);
    const file = join(scratch, 'world.ndjson.gz');
    const exported = await exportStore(source.store, 'memory:', file);
    const sums = await checksums(source.store);
    expect(exported.documents).toBe(documentCount(sums));
    const target = await cosmosStore();
    const imported = await importFile(target.store, file);
    expect(imported).toMatchObject({ verified: true, documents: exported.documents, written: exported.documents, deleted: 0 });
    expect(await checksums(target.store)).toEqual(sums);
    expect(await importFile(target.store, file)).toMatchObject({ verified: true, written: 0, deleted: 0 });
  }, 180_000);

  it('refuses a tampered, reordered or truncated file before writing anything', async () => {
    const source = new MemoryStore();
    for (let p = 0; p < 5; p++) {
      await source.commit(Array.from({ length: 4 }, (_, k) => ({ type: 'put' as const, partition: `player:${p}`, key: `wallet:${k}`, version: null, value: { coins: 100 * p + k } })));
    }
    const file = join(scratch, 'small.ndjson.gz');
    await exportStore(source, 'memory:', file);
    const cases: Array<[string, (text: string) => string, RegExp]> = [
      ['a changed balance', (text) => text.replace('"coins":301', '"coins":9301'), /player:3 does not match the manifest/],
      ['a removed document', (text) => text.split('\n').filter((line) => !line.includes('"coins":402')).join('\n'), /player:4 does not match the manifest/],
      ['an added document', (text) => text.replace('{"manifest"', '{"p":"player:1","k":"wallet:9","v":{"coins":1}}\n{"manifest"'), /not together|does not match/],
      ['a truncated file', (text) => text.slice(0, text.indexOf('{"manifest"')), /truncated/],
      ['another format', (text) => text.replace('kumo-export/1', 'kumo-export/9'), /not a kumo-export\/1 file/],
    ];
    for (const [name, change, message] of cases) {
      const bad = join(scratch, `${name.replaceAll(' ', '-')}.ndjson.gz`);
      tamper(file, bad, change);
      const target = new MemoryStore();
      await expect(importFile(target, bad), name).rejects.toThrow(message);
      await expect(importFile(target, bad)).rejects.toBeInstanceOf(BadExport);
      expect(target.size(), name).toBe(0);
    }
    const restored = new MemoryStore();
    await importFile(restored, file);
    expect(await checksums(restored)).toEqual(await checksums(source));
  });
});
