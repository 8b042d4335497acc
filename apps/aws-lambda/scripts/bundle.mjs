// Bundles the function into dist/ (ESM, Node 22 and later) for `sam deploy`: dist/main.mjs and the
// chunks it imports on demand (dist/chunks/), so code a request does not need is not even parsed at
// cold start: SDKs and features load on first use.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  sourcemap: true,
  // Some dependencies are CommonJS and call require(): give the ESM bundle one.
  banner: { js: "import { createRequire as kumoCreateRequire } from 'node:module'; const require = kumoCreateRequire(import.meta.url);" },
  logLevel: 'info',
});
