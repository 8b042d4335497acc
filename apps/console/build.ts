import { mkdirSync, writeFileSync } from 'node:fs';
import { consoleAssets } from './src/index';

/** Writes the console's static files to `dist/`, to deploy on any static host in front of a Kumo API. */
const out = new URL('./dist/', import.meta.url);
mkdirSync(out, { recursive: true });
for (const asset of consoleAssets()) writeFileSync(new URL(asset.path, out), asset.body);
console.log(`console written to ${out.pathname}`);
