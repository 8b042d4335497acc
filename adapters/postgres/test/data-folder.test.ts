import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockDataFolder } from '../src/data-folder-lock';

describe('the embedded data folder is held by one process', () => {
  const folders: string[] = [];
  const folder = async () => {
    const made = await mkdtemp(join(tmpdir(), 'kumo-lock-'));
    folders.push(made);
    return made;
  };
  afterAll(() => Promise.all(folders.map((made) => rm(made, { recursive: true, force: true }))));

  it('refuses a folder a running process holds, and takes over one whose holder is gone', async () => {
    const held = await folder();
    await writeFile(join(held, 'kumo.pid'), String(process.ppid));
    await expect(lockDataFolder(held)).rejects.toThrow(`in use by process ${process.ppid}`);

    const left = await folder();
    await writeFile(join(left, 'kumo.pid'), '2147483646');
    const release = await lockDataFolder(left);
    expect(await readFile(join(left, 'kumo.pid'), 'utf8')).toBe(String(process.pid));
    await release();
    await expect(readFile(join(left, 'kumo.pid'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
