import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { consoleAssets, mountConsole, referenceAssets } from '../src/index';

describe('console assets', () => {
  it('are the page, its bundled script and its style, with their content types', () => {
    const assets = consoleAssets();
    expect(assets.map((asset) => [asset.path, asset.contentType])).toEqual([
      ['index.html', 'text/html; charset=utf-8'],
      ['console.css', 'text/css; charset=utf-8'],
      ['console.js', 'text/javascript; charset=utf-8'],
    ]);
    const script = assets.find((asset) => asset.path === 'console.js')!.body;
    expect(script).not.toMatch(/^import /m);
    for (const route of ['/v1/admin/auth', '/v1/admin/items', '/v1/admin/policies', '/dead-letters/replay', '/v1/admin/leaderboards/hot']) expect(script).toContain(route);
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|localStorage|sessionStorage|document\.cookie/);
  });

  it('mount under any base path on a Hono app, with security headers', async () => {
    const app = new Hono();
    mountConsole(app, '/ops');
    expect((await app.request('/ops')).headers.get('location')).toBe('/ops/');
    const page = await app.request('/ops/');
    expect(page.status).toBe(200);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self';");
    expect(page.headers.get('content-security-policy')).not.toContain('connect-src *');
    expect((await app.request('/ops/console.js')).status).toBe(200);
    expect((await app.request('/ops/main.ts')).status).toBe(404);
  });

  it('built for an API hosted apart, let the page call only that origin', () => {
    const page = consoleAssets(['https://api.example.com/base/']).find((asset) => asset.path === 'index.html')!.body;
    expect(page).toContain('<meta name="kumo-api" content="https://api.example.com">');
    expect(page).toMatch(/<meta http-equiv="Content-Security-Policy" content="[^"]*connect-src https:\/\/api\.example\.com;/);
    expect(() => consoleAssets(['javascript:alert(1)'])).toThrow();
    const script = consoleAssets().find((asset) => asset.path === 'console.js')!.body;
    expect(script).toContain('kumo-api');
    expect(script).toContain('is not an API this console was served or built for');
  });

  it('serve the API reference (Swagger UI from npm, no CDN) beside the console, reading the server\'s own document', async () => {
    const app = new Hono();
    mountConsole(app);
    const page = await app.request('/console/reference/');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self';");
    const bundle = await app.request('/console/reference/swagger-ui-bundle.js');
    expect([bundle.status, bundle.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
  });

  it('built for an API hosted apart, let the reference read that API\'s document and call only it', () => {
    const html = referenceAssets('https://api.example.com/openapi.json').find((asset) => asset.path === 'reference/index.html')!.body;
    expect(html).toContain('<meta name="kumo-openapi" content="https://api.example.com/openapi.json">');
    expect(html).toMatch(/connect-src 'self' https:\/\/api\.example\.com;/);
  });
});
