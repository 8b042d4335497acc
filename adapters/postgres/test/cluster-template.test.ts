import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/** The module fresh (its template forgotten), as a new process would load it. */
const fresh = async () => {
  vi.resetModules();
  return { ...(await import('../src/embedded-database')), ...(await import('../src/cluster-template')) };
};

describe('an in-memory PGlite database starts from the template cluster', () => {
  let saved: string | undefined;
  let folder: string;
  beforeAll(async () => {
    // A temp folder of this file's own, so that no other run reads the template it breaks.
    saved = process.env.TMPDIR;
    folder = await mkdtemp(join(tmpdir(), 'kumo-template-'));
    process.env.TMPDIR = folder;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    await rm(folder, { recursive: true, force: true });
  });

  it('makes the template once, then opens databases from it that are each their own', async () => {
    const { embeddedDatabase, clusterTemplateFile } = await fresh();
    expect(clusterTemplateFile().startsWith(folder)).toBe(true);
    const first = embeddedDatabase();
    await first.query('CREATE TABLE only_here (n int)');
    expect((await stat(clusterTemplateFile())).size).toBeGreaterThan(0);
    const second = embeddedDatabase();
    const { rows } = await second.query<{ n: string }>(`SELECT count(*) AS n FROM pg_tables WHERE tablename IN ('only_here', 'kumo_documents')`);
    expect(Number(rows[0]!.n)).toBe(1);
    await Promise.all([first.close(), second.close()]);
  }, 120_000);

  it('discards a template that does not load and makes the database by initdb', async () => {
    const { embeddedDatabase, clusterTemplateFile } = await fresh();
    await writeFile(clusterTemplateFile(), 'not a tarball');
    const database = embeddedDatabase();
    await database.query(`INSERT INTO kumo_documents (partition, key, version, value) VALUES ('p', 'k', 1, '{}')`);
    expect((await database.query('SELECT key FROM kumo_documents')).rows).toEqual([{ key: 'k' }]);
    await expect(readFile(clusterTemplateFile())).rejects.toMatchObject({ code: 'ENOENT' });
    await database.close();
  }, 120_000);

  it('keeps no template in a folder others may write to', async () => {
    const { embeddedDatabase, clusterTemplateFile } = await fresh();
    await rm(clusterTemplateFile(), { force: true });
    await chmod(dirname(clusterTemplateFile()), 0o777);
    const database = embeddedDatabase();
    await database.ready();
    await expect(stat(clusterTemplateFile())).rejects.toMatchObject({ code: 'ENOENT' });
    await database.close();
  }, 120_000);
});
