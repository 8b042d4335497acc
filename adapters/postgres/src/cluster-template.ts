import { readFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';

/**
 * Where the template of this PGlite version is kept: the temp folder, one file per version (a
 * cluster made by one version may not open in another).
 */
export function clusterTemplateFile(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const { version } = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return join(tmpdir(), `kumo-pglite-${version}-cluster.tar.gz`);
}

let template: Promise<Blob | undefined> | undefined;

/**
 * A freshly initialised PGlite cluster as a tarball (PGlite's `dumpDataDir`), for a new database
 * to start from (`loadDataDir`) instead of running initdb: about 3 s of CPU less per new
 * database (an in-memory one, or a new data folder). PGlite itself starts that way: it runs initdb
 * in a separate instance and loads its dump. Made once per PGlite version and kept in the temp
 * folder (written to a temporary name, then renamed, so a reader never sees half a file); read
 * once per process. `undefined` if it can be neither read nor made: the database then runs initdb.
 */
export function clusterTemplate(pglite: typeof PGlite): Promise<Blob | undefined> {
  template ??= readOrMake(pglite).catch(() => undefined);
  return template;
}

/** Forgets the template and deletes its file: one that failed to load is not offered again. */
export async function discardClusterTemplate(): Promise<void> {
  template = Promise.resolve(undefined);
  await rm(clusterTemplateFile(), { force: true });
}

async function readOrMake(pglite: typeof PGlite): Promise<Blob> {
  const file = clusterTemplateFile();
  const kept = await readFile(file).catch(() => undefined);
  if (kept) return new Blob([kept]);
  const fresh = await pglite.create();
  try {
    const bytes = Buffer.from(await (await fresh.dumpDataDir('gzip')).arrayBuffer());
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, bytes);
    await rename(partial, file);
    return new Blob([bytes]);
  } finally {
    await fresh.close();
  }
}
