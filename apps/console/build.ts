import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { consoleAssets } from './src/index';

/**
 * Writes the console's static files to `dist/`, to deploy on any static host apart from the API:
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
mkdirSync(out, { recursive: true });
for (const asset of consoleAssets(apis)) writeFileSync(new URL(asset.path, out), asset.body);
console.log(`console written to ${out.pathname}, calling ${apis.join(', ')}; allow its origin on the API with KUMO_CONSOLE_ORIGINS`);
