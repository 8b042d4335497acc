// Bundles the function into dist/ (ESM, Node 22 and later) for `sam deploy`: dist/main.mjs and the
// chunks it imports on demand (dist/chunks/), so code a request does not need is not even parsed at
// cold start: the AWS SDK loads on the first backend call.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';
import { bundleOptions } from '../../../scripts/bundle-options.mjs';

await rm('dist', { recursive: true, force: true });
await build({ ...bundleOptions({ entry: 'src/main.ts', outdir: 'dist' }), sourcemap: true, logLevel: 'info' });
