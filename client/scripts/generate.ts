import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { localOpenApiDocument, renderGenerated } from './openapi-source';

/** Regenerates `src/generated/` from the OpenAPI document of a local backend started here. */
const files = await renderGenerated(await localOpenApiDocument());
for (const [name, text] of Object.entries(files)) {
  await writeFile(join(import.meta.dirname, '../src/generated', name), text);
  console.log(`wrote src/generated/${name}`);
}
