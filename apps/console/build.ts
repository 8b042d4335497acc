import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { consoleAssets, referenceAssets } from './src/index';

/**
 * Writes the console's static files, and the API reference in `reference/`, to `dist/`, to deploy
 * on any static host apart from the API:
 * `npm run build -w @kumo/console -- --api https://api.example.com [--api https://staging.example.com]`
 * (or `KUMO_CONSOLE_API`, comma-separated). The page will only ever call those origins.
 */
const { values } = parseArgs({ options: { api: { type: 'string', multiple: true } } });
const apis = values.api ?? (process.env.KUMO_CONSOLE_API ?? '').split(',').filter(Boolean);
if (apis.length === 0) {
  console.error('name the API this console calls: --api https://api.example.com (or KUMO_CONSOLE_API)');
  process.exit(2);
}
const out = new URL('./dist/', import.meta.url);
mkdirSync(new URL('reference/', out), { recursive: true });
const openApiUrl = new URL('openapi.json', apis[0]!.endsWith('/') ? apis[0] : `${apis[0]}/`).href;
for (const asset of [...consoleAssets(apis), ...referenceAssets(openApiUrl)]) writeFileSync(new URL(asset.path, out), asset.body);
console.log(`console written to ${out.pathname}, calling ${apis.join(', ')}; API reference in reference/ (reads ${openApiUrl}); allow its origin on the API with KUMO_CONSOLE_ORIGINS`);
