import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { PassThrough } from 'node:stream';
import type { Doc, Store } from '@kumo/core';
import { sameChecksum } from './checksum';
import { BadExport, docOf, EXPORT_FORMAT, readLines, verifyExport, type DocumentLine, type ExportHeader, type Manifest, type ManifestEntry } from './export-format';
import { assertListable, listEveryPartition, segmentsFor } from './listing';
import { PacedCalls, type Pacing } from './paced-store';
import { checksumOf, readPartition, restorePartition } from './partition-copy';

/** What `exportStore` did. */
export interface ExportReport {
  file: string;
  partitions: number;
  documents: number;
  ms: number;
}

/** Writes every partition of `store` to `path` in the export format (export-format.ts), with its manifest. */
export async function exportStore(store: Store, label: string, path: string, pacing: Pacing = {}, onProgress?: (documents: number) => void): Promise<ExportReport> {
  const started = Date.now();
  assertListable(store, label);
  const calls = new PacedCalls(pacing);
  const partitions = [...(await listEveryPartition(calls, store, segmentsFor(store, 4)))].sort();
  const lines = new PassThrough();
  const written = pipeline(lines, createGzip(), createWriteStream(path));
  const write = async (value: unknown) => {
    if (!lines.write(`${JSON.stringify(value)}\n`)) await once(lines, 'drain');
  };
  const header: ExportHeader = { format: EXPORT_FORMAT, createdAt: new Date().toISOString(), source: label };
  await write(header);
  const manifest: Manifest = { documents: 0, partitions: [] };
  for (const partition of partitions) {
    const docs = await readPartition(calls, store, partition);
    if (docs.length === 0) continue;
    for (const doc of docs) await write(lineOf(doc));
    manifest.partitions.push({ partition, ...checksumOf(docs) });
    manifest.documents += docs.length;
    onProgress?.(manifest.documents);
  }
  await write({ manifest });
  lines.end();
  await written;
  return { file: path, partitions: manifest.partitions.length, documents: manifest.documents, ms: Date.now() - started };
}

/** What `importFile` did. */
export interface ImportReport {
  file: string;
  source: string;
  createdAt: string;
  partitions: number;
  documents: number;
  written: number;
  deleted: number;
  verified: boolean;
  ms: number;
}

/**
 * Restores an export into `store`: first checks the whole file against its manifest (a damaged or
 * tampered file throws `BadExport` before anything is written), then makes each exported
 * partition on the store hold exactly the exported documents, then compares each partition's
 * checksum on the store with the manifest. Partitions the export does not name are left alone.
 */
export async function importFile(store: Store, path: string, pacing: Pacing = {}, onProgress?: (documents: number) => void): Promise<ImportReport> {
  const started = Date.now();
  const { header, manifest } = await verifyExport(path);
  const calls = new PacedCalls(pacing);
  const context = { target: store, calls };
  const report: ImportReport = { file: path, source: header.source, createdAt: header.createdAt, partitions: manifest.partitions.length, documents: manifest.documents, written: 0, deleted: 0, verified: false, ms: 0 };
  let partition: string | undefined;
  let docs: Doc[] = [];
  let done = 0;
  const restore = async () => {
    if (partition === undefined) return;
    const outcome = await restorePartition(context, partition, docs);
    report.written += outcome.written;
    report.deleted += outcome.deleted;
    onProgress?.((done += docs.length));
  };
  for await (const line of readLines(path)) {
    const doc = line as DocumentLine;
    if (typeof doc.p !== 'string') continue;
    if (doc.p !== partition) {
      await restore();
      partition = doc.p;
      docs = [];
    }
    docs.push({ ...docOf(doc), partition: doc.p });
  }
  await restore();
  const differing = await differingPartitions(calls, store, manifest.partitions);
  report.verified = differing.length === 0;
  report.ms = Date.now() - started;
  if (!report.verified) throw new BadExport(`after the import, ${differing.length} partition(s) differ from the manifest, e.g. ${differing[0]}`, { differing: differing.slice(0, 100) });
  return report;
}

async function differingPartitions(calls: PacedCalls, store: Store, entries: ManifestEntry[]): Promise<string[]> {
  const differing: string[] = [];
  for (const entry of entries) {
    if (!sameChecksum(checksumOf(await readPartition(calls, store, entry.partition)), entry)) differing.push(entry.partition);
  }
  return differing;
}

function lineOf(doc: Doc): DocumentLine {
  return { p: doc.partition, k: doc.key, v: doc.value, ...(doc.expiresAt === undefined ? {} : { e: doc.expiresAt }) };
}
