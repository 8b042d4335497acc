import type { BuildOptions } from 'esbuild';

/** esbuild options of a cloud entry's bundle into `outdir` (see bundle-options.mjs). */
export function bundleOptions(options: { entry: string; outdir: string; target?: string }): BuildOptions;
