import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { KumoError, type Doc, type DocValue } from '@kumo/core';
import { ChecksumAccumulator, documentDigest, sameChecksum, type PartitionChecksum } from './checksum';

/**
 * The export format, version 1: gzip-compressed NDJSON.
 * - line 1, the header: `{"format":"kumo-export/1","createdAt":<ISO time>,"source":<address label>}`
 * - one line per document, a partition's documents together:
 *   `{"p":<partition>,"k":<key>,"v":<value>}`, plus `"e":<expiry, epoch ms>` for one that expires
 * - the last line, the manifest: `{"manifest":{"documents":<count>,"partitions":[{"partition":…,"documents":…,"sum":…}]}}`
 *   with each partition's checksum (checksum.ts: keys, canonical values and expiries; any order).
 * Versions and commit trails are not exported: a restore writes new ones.
 */
export const EXPORT_FORMAT = 'kumo-export/1';

/** The first line of an export. */
export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  createdAt: string;
  source: string;
}

/** One partition's entry in the manifest. */
export interface ManifestEntry extends PartitionChecksum {
  partition: string;
}

/** The last line of an export. */
export interface Manifest {
  documents: number;
  partitions: ManifestEntry[];
}

/** A document line. */
export interface DocumentLine {
  p: string;
  k: string;
  v: DocValue;
  e?: number;
}

/** An export file that is not what its manifest says, or not an export at all (exit code 3). Nothing was imported. */
export class BadExport extends KumoError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('invalid', 'bad_export', message, details);
  }
}

/** A document line as a document (version 0: it has none until it is written). */
export function docOf(line: DocumentLine): Doc {
  return { partition: line.p, key: line.k, version: 0, value: line.v, ...(line.e === undefined ? {} : { expiresAt: line.e }) };
}

/** The lines of a gzip NDJSON file, parsed. */
export async function* readLines(path: string): AsyncGenerator<unknown> {
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number++;
    if (text === '') continue;
    try {
      yield JSON.parse(text);
    } catch {
      throw new BadExport(`line ${number} is not JSON`, { line: number });
    }
  }
}

/**
 * Reads a whole export and checks it against its manifest: the header's format, every document
 * line well formed, each partition's documents together and its checksum equal to the manifest's,
 * no partition missing or extra, the manifest last. Returns the header and manifest; throws
 * `BadExport` (naming the first partition that differs) for a damaged or tampered file.
 */
export async function verifyExport(path: string): Promise<{ header: ExportHeader; manifest: Manifest }> {
  let header: ExportHeader | undefined;
  let manifest: Manifest | undefined;
  const computed = new Map<string, ChecksumAccumulator>();
  let current: string | undefined;
  try {
    for await (const line of readLines(path)) {
      if (manifest) throw new BadExport('the manifest is not the last line');
      if (!header) {
        header = line as ExportHeader;
        if (header?.format !== EXPORT_FORMAT) throw new BadExport(`not a ${EXPORT_FORMAT} file (format: ${JSON.stringify(header?.format)})`);
        continue;
      }
      if (isManifest(line)) {
        manifest = line.manifest;
        continue;
      }
      const doc = line as DocumentLine;
      if (typeof doc?.p !== 'string' || typeof doc.k !== 'string' || typeof doc.v !== 'object' || doc.v === null || (doc.e !== undefined && typeof doc.e !== 'number')) {
        throw new BadExport('a document line is malformed');
      }
      if (doc.p !== current) {
        if (computed.has(doc.p)) throw new BadExport(`the documents of partition ${doc.p} are not together`, { partition: doc.p });
        computed.set(doc.p, new ChecksumAccumulator());
        current = doc.p;
      }
      computed.get(doc.p)!.add(documentDigest(docOf(doc)));
    }
  } catch (error) {
    if (error instanceof BadExport) throw error;
    throw new BadExport(`the file cannot be read: ${(error as Error).message}`);
  }
  if (!header || !manifest) throw new BadExport('the file ends before its manifest: it is truncated');
  const listed = new Map(manifest.partitions.map((entry) => [entry.partition, entry]));
  for (const [partition, sum] of computed) {
    if (!sameChecksum(sum.result(), listed.get(partition))) throw new BadExport(`partition ${partition} does not match the manifest: the file was changed`, { partition });
  }
  for (const entry of manifest.partitions) if (!computed.has(entry.partition) && entry.documents > 0) throw new BadExport(`partition ${entry.partition} is missing`, { partition: entry.partition });
  const total = [...computed.values()].reduce((sum, each) => sum + each.result().documents, 0);
  if (total !== manifest.documents) throw new BadExport(`the manifest counts ${manifest.documents} documents, the file holds ${total}`);
  return { header, manifest };
}

function isManifest(line: unknown): line is { manifest: Manifest } {
  const manifest = (line as { manifest?: Manifest })?.manifest;
  return typeof manifest === 'object' && manifest !== null && Array.isArray(manifest.partitions) && typeof manifest.documents === 'number';
}
