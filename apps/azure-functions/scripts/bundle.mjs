// Bundles the function app into dist/main.mjs (ESM, Node 22 and later), the `main` the Functions host loads.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.mjs',
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  sourcemap: true,
  // The Functions worker provides @azure/functions-core at run time: keep it out of the bundle.
  external: ['@azure/functions-core'],
  // Some dependencies are CommonJS and call require(): give the ESM bundle one.
  banner: { js: "import { createRequire as kumoCreateRequire } from 'node:module'; const require = kumoCreateRequire(import.meta.url);" },
  logLevel: 'info',
});
