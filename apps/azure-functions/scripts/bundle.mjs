// Bundles the function app into dist/ (ESM, Node 22 and later): dist/main.mjs, the `main` the
// Functions host loads, and the chunks it imports on demand (dist/chunks/), so code a request does
// not need is not even parsed at cold start: the Azure SDKs load on the first backend call.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';
import { bundleOptions } from '../../../scripts/bundle-options.mjs';

await rm('dist', { recursive: true, force: true });
await build({
  ...bundleOptions({ entry: 'src/main.ts', outdir: 'dist' }),
  // The Functions worker provides @azure/functions-core at run time: keep it out of the bundle.
  external: ['@azure/functions-core'],
  sourcemap: true,
  logLevel: 'info',
});
