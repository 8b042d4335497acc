import type { BuildOptions, Metafile } from 'esbuild';

/** esbuild options of a cloud entry's bundle into `outdir` (see bundle-options.mjs). */
export function bundleOptions(options: { entry: string; outdir: string; target?: string }): BuildOptions;

/** The outputs a cold start of a bundle loads before its first import(): `main.mjs` and the chunks it imports statically. */
export function coldStartOutputs(metafile: Metafile): string[];
