import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';

/**
 * Where the template of this PGlite version is kept: a folder of this user's in the temp folder,
 * one file per version (a cluster made by one version may not open in another).
 */
export function clusterTemplateFile(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const { version } = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return join(tmpdir(), `kumo-${userInfo().username}`, `pglite-${version}-cluster.tar.gz`);
}

let template: Promise<Blob | undefined> | undefined;

/**
 * A freshly initialised PGlite cluster as a tarball (PGlite's `dumpDataDir`), for a new database
 * to start from (`loadDataDir`) instead of running initdb: about 3 s of CPU less per new
 * database. PGlite itself starts that way: it runs initdb in a separate instance and loads its
 * dump. Made once per PGlite version and kept in a folder only this user may write (another
 * user's folder, or one others may write to, is not used), written under a temporary name, then
 * renamed, so a reader never sees half a file; read once per process. `undefined` if it can be
 * neither read nor made: the database then runs initdb.
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

async function readOrMake(pglite: typeof PGlite): Promise<Blob | undefined> {
  const file = clusterTemplateFile();
  if (!(await isPrivate(dirname(file)))) return undefined;
  const kept = await readFile(file).catch(() => undefined);
  if (kept) return new Blob([kept]);
  const fresh = await pglite.create();
  try {
    const bytes = Buffer.from(await (await fresh.dumpDataDir('gzip')).arrayBuffer());
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, bytes, { mode: 0o600 })
      .then(() => rename(partial, file))
      .catch(() => rm(partial, { force: true }));
    return new Blob([bytes]);
  } finally {
    await fresh.close();
  }
}

/** Makes `folder` (this user's alone) if missing; whether it is this user's and no one else may write to it. */
async function isPrivate(folder: string): Promise<boolean> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const info = await stat(folder);
  const uid = process.getuid?.();
  return uid === undefined || (info.uid === uid && (info.mode & 0o022) === 0);
}
