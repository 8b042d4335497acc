import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedDatabase } from '../src/embedded-database';

/** A data folder of the embedded engine made once per test run, with the adapter's tables. */
export interface EmbeddedTemplate {
  dataDir: string;
  remove(): Promise<void>;
}

/**
 * Makes a data folder once (creating a PGlite database runs initdb, which takes seconds), so that
 * each test file starts from a copy (`copyEmbeddedTemplate`) in a fraction of that time.
 */
export async function makeEmbeddedTemplate(): Promise<EmbeddedTemplate> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kumo-pglite-template-'));
  const database = embeddedDatabase(dataDir);
  await database.ready();
  await database.close();
  return { dataDir, remove: () => rm(dataDir, { recursive: true, force: true }) };
}

/** Copies the template folder to a new temporary folder for one test file; `remove` deletes the copy. */
export async function copyEmbeddedTemplate(templateDir: string): Promise<EmbeddedTemplate> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kumo-pglite-'));
  await cp(templateDir, dataDir, { recursive: true });
  return { dataDir, remove: () => rm(dataDir, { recursive: true, force: true }) };
}
