/**
 * Writes a deployable Cloud Functions source folder to `dist/`: the entry bundled with esbuild
 * (workspace packages included; `main.mjs` and the chunks it imports on demand, `chunks/`), and a
 * package.json naming the Google clients and mqtt, which stay external because they load files
 * (protos) at run time. Cloud Build installs those.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleOptions } from '../../scripts/bundle-options.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const external = ['@google-cloud/datastore', '@google-cloud/pubsub', '@google-cloud/functions-framework', 'google-auth-library', 'mqtt'];
const require = createRequire(join(here, '..', '..', 'adapters', 'gcp', 'package.json'));
const versionOf = (name: string) => {
  const entry = require.resolve(name);
  const root = entry.slice(0, entry.lastIndexOf(`node_modules/${name}/`) + `node_modules/${name}/`.length);
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
};

const out = join(here, 'dist');
await rm(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  ...bundleOptions({ entry: join(here, 'src', 'index.ts'), outdir: out }),
  external: external.map((name) => `${name}*`),
  logLevel: 'warning',
});
const dependencies = Object.fromEntries(external.map((name) => [name, versionOf(name)]));
writeFileSync(join(out, 'package.json'), `${JSON.stringify({ name: 'kumo-gcp-functions', private: true, type: 'module', main: 'main.mjs', engines: { node: '22' }, dependencies }, null, 2)}\n`);
console.log(`wrote ${out}/main.mjs, the chunks it loads on demand (chunks/) and package.json`);
