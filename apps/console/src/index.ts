import { readFileSync } from 'node:fs';
import { buildSync } from 'esbuild';
import type { Context, Env, Hono } from 'hono';

/** One static file of the console. */
export interface ConsoleAsset {
  /** File name relative to the console's base path (`index.html`, `console.js`, `console.css`). */
  path: string;
  contentType: string;
  body: string;
}

const page = new URL('../page/', import.meta.url);

/** Headers of every console file: no inline script, no framing, nothing cached past a reload. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src *; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

let built: ConsoleAsset[] | undefined;

/**
 * The console's static files: the HTML and CSS as written, and the page's TypeScript bundled by
 * esbuild into one ES module. Built once per process. They hold no secret: the operator types the
 * admin key into the page, which exchanges it for a short-lived token kept in memory.
 */
export function consoleAssets(): ConsoleAsset[] {
  built ??= [
    { path: 'index.html', contentType: 'text/html; charset=utf-8', body: readFileSync(new URL('index.html', page), 'utf8') },
    { path: 'console.css', contentType: 'text/css; charset=utf-8', body: readFileSync(new URL('console.css', page), 'utf8') },
    { path: 'console.js', contentType: 'text/javascript; charset=utf-8', body: bundlePage() },
  ];
  return built;
}

/** Serves the console at `base` (default `/console`; `/console` redirects to `/console/` so relative links resolve). */
export function mountConsole<E extends Env>(app: Hono<E>, base = '/console'): void {
  app.get(base, (c) => c.redirect(`${base}/`));
  for (const asset of consoleAssets()) {
    const headers = { ...SECURITY_HEADERS, 'content-type': asset.contentType };
    const serve = (c: Context<E>) => c.body(asset.body, 200, headers);
    app.get(`${base}/${asset.path}`, serve);
    if (asset.path === 'index.html') app.get(`${base}/`, serve);
  }
}

/** The page's TypeScript (`page/main.ts` and its imports) as one ES module. */
function bundlePage(): string {
  const result = buildSync({ entryPoints: [new URL('main.ts', page).pathname], bundle: true, format: 'esm', target: 'es2022', write: false, charset: 'utf8' });
  return result.outputFiles[0]!.text;
}
