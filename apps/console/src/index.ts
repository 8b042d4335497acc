import { readFileSync } from 'node:fs';
import { buildSync } from 'esbuild';
import type { Context, Env, Hono } from 'hono';
import type { ConsoleAsset } from './console-asset';
import { referenceAssets, referenceSecurityPolicy } from './reference';

export type { ConsoleAsset } from './console-asset';
export { referenceAssets } from './reference';


const page = new URL('../page/', import.meta.url);

/** The page's content security policy: no inline script, nothing fetched but from `connect` (the API origins). */
const contentSecurityPolicy = (connect: string) =>
  `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src ${connect}; form-action 'none'; base-uri 'none'`;

/** Headers of every console file served next to the API: it may call only its own origin, no framing, nothing cached past a reload. */
const SECURITY_HEADERS = {
  'content-security-policy': `${contentSecurityPolicy("'self'")}; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

let script: string | undefined;

/** The origins (`https://host[:port]`) of a list of API URLs; throws on anything but an http(s) URL. */
export function apiOrigins(urls: readonly string[]): string[] {
  return urls.map((url) => {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`an API URL is http(s): ${url}`);
    return parsed.origin;
  });
}

/**
 * The console's static files: the HTML and CSS as written, and the page's TypeScript bundled by
 * esbuild into one ES module (bundled once per process). They hold no secret: the operator types
 * the admin key into the page, which exchanges it for a short-lived token kept in memory.
 * `apis` are the API URLs a console hosted apart from the API is built for: the page gets them in
 * `<meta name="kumo-api">` and a CSP `<meta>` whose `connect-src` allows only them, so the admin
 * key can go nowhere else. Without `apis` the page calls its own origin.
 */
export function consoleAssets(apis: readonly string[] = []): ConsoleAsset[] {
  let html = readFileSync(new URL('index.html', page), 'utf8');
  if (apis.length > 0) {
    const origins = apiOrigins(apis).join(' ');
    const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(origins)}">\n  <meta name="kumo-api" content="${origins}">`;
    html = html.replace('<meta charset="utf-8">', `<meta charset="utf-8">\n  ${meta}`);
  }
  script ??= bundlePage();
  return [
    { path: 'index.html', contentType: 'text/html; charset=utf-8', body: html },
    { path: 'console.css', contentType: 'text/css; charset=utf-8', body: readFileSync(new URL('console.css', page), 'utf8') },
    { path: 'console.js', contentType: 'text/javascript; charset=utf-8', body: script },
  ];
}

/**
 * Serves the console at `base` (default `/console`; `/console` redirects to `/console/` so relative
 * links resolve) and the API reference at `<base>/reference/`.
 */
export function mountConsole<E extends Env>(app: Hono<E>, base = '/console'): void {
  app.get(base, (c) => c.redirect(`${base}/`));
  const reference = { ...SECURITY_HEADERS, 'content-security-policy': `${referenceSecurityPolicy("'self'")}; frame-ancestors 'none'` };
  for (const [assets, headers] of [[consoleAssets(), SECURITY_HEADERS], [referenceAssets(), reference]] as const) {
    for (const asset of assets) {
      const serve = (c: Context<E>) => c.body(asset.body, 200, { ...headers, 'content-type': asset.contentType });
      app.get(`${base}/${asset.path}`, serve);
      if (asset.path.endsWith('index.html')) app.get(`${base}/${asset.path.slice(0, -'index.html'.length)}`, serve);
    }
  }
}

/** The page's TypeScript (`page/main.ts` and its imports, Chart.js among them) as one minified ES module. */
function bundlePage(): string {
  const result = buildSync({ entryPoints: [new URL('main.ts', page).pathname], bundle: true, format: 'esm', target: 'es2022', write: false, charset: 'utf8', minify: true });
  return result.outputFiles[0]!.text;
}
