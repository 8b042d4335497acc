import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ConsoleAsset } from './console-asset';

const files = new URL('../reference/', import.meta.url);
const swaggerUi = (name: string) => createRequire(import.meta.url).resolve(`swagger-ui-dist/${name}`);

/**
 * The reference page's content security policy: Swagger UI from this folder only, its inline
 * styles and data: icons, and requests only to `connect` (the API origins).
 */
export const referenceSecurityPolicy = (connect: string) =>
  `default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src ${connect}; form-action 'none'; base-uri 'none'`;

/**
 * The API reference: Swagger UI (from npm, served from here, nothing from a CDN) over the API's
 * OpenAPI document, with operation ids, policy actions (`x-kumo-action`), examples and the problem
 * responses of each operation. Paths are relative to the reference folder. `openApiUrl` is the
 * document of an API hosted apart (static builds); by default the page reads its own server's.
 */
export function referenceAssets(openApiUrl?: string): ConsoleAsset[] {
  let html = readFileSync(new URL('index.html', files), 'utf8');
  if (openApiUrl) {
    const origin = new URL(openApiUrl).origin;
    const meta = `<meta http-equiv="Content-Security-Policy" content="${referenceSecurityPolicy(`'self' ${origin}`)}">\n  <meta name="kumo-openapi" content="${openApiUrl}">`;
    html = html.replace('<meta charset="utf-8">', `<meta charset="utf-8">\n  ${meta}`);
  }
  return [
    { path: 'reference/index.html', contentType: 'text/html; charset=utf-8', body: html },
    { path: 'reference/reference.js', contentType: 'text/javascript; charset=utf-8', body: readFileSync(new URL('reference.js', files), 'utf8') },
    { path: 'reference/swagger-ui-bundle.js', contentType: 'text/javascript; charset=utf-8', body: readFileSync(swaggerUi('swagger-ui-bundle.js'), 'utf8') },
    { path: 'reference/swagger-ui.css', contentType: 'text/css; charset=utf-8', body: readFileSync(swaggerUi('swagger-ui.css'), 'utf8') },
  ];
}
