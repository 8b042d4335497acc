import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localOpenApiDocument, renderGenerated } from '../scripts/openapi-source';

describe('the generated files', () => {
  it("match the server's OpenAPI document (run `npm run generate -w @kumo/client` when this fails)", async () => {
    const files = await renderGenerated(await localOpenApiDocument());
    for (const [name, text] of Object.entries(files)) {
      expect(await readFile(join(import.meta.dirname, '../src/generated', name), 'utf8'), `src/generated/${name} is stale`).toBe(text);
    }
  });
});
