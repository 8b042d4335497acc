// esbuild options every cloud entry is bundled with (and the hot-path bench bundles with), so
// what the bench measures is what ships.

/**
 * Zod's error messages in English only: `z.locales` keeps `en` (Zod's default, what Kumo answers
 * in); the other locales (about 250 KiB of the code a cold start would parse) stay out.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => (/[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: 'zod-locales-en', namespace: 'zod-english-only', pluginData: args.resolveDir } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({ contents: "export { default as en } from '../locales/en.js';", resolveDir: args.pluginData, loader: 'js' }));
  },
};

/**
 * Options of an entry's bundle into `outdir`: ESM for Node, minified, split, so `main.mjs` holds
 * what a cold start needs and what is imported on demand (SDKs, rarely used libraries) waits in
 * `chunks/` until first use.
 * @param {{ entry: string, outdir: string, target?: string }} options
 * @returns {import('esbuild').BuildOptions}
 */
export function bundleOptions({ entry, outdir, target = 'node22' }) {
  return {
    entryPoints: { main: entry },
    outdir,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    target,
    format: 'esm',
    minify: true,
    plugins: [zodEnglishOnly],
    // Some dependencies are CommonJS and call require(): give the ESM bundle one.
    banner: { js: "import { createRequire as kumoCreateRequire } from 'node:module'; const require = kumoCreateRequire(import.meta.url);" },
  };
}

/**
 * The outputs a cold start of a bundle loads before its first import(): the entry `main.mjs` and
 * the chunks it imports statically, by name as in `metafile.outputs`.
 * @param {import('esbuild').Metafile} metafile
 * @returns {string[]}
 */
export function coldStartOutputs(metafile) {
  const outputs = metafile.outputs;
  const loaded = new Set();
  const visit = (name) => {
    if (loaded.has(name)) return;
    loaded.add(name);
    for (const { path, kind } of outputs[name].imports) if (kind === 'import-statement' && outputs[path]) visit(path);
  };
  const main = Object.keys(outputs).find((name) => name.endsWith('main.mjs'));
  if (main) visit(main);
  return [...loaded];
}
