import { describe, expect, it } from 'vitest';
import { useBackend } from './backend-client';

const api = useBackend();

/** Fetches a path of the backend as text. */
async function get(path: string) {
  const response = await fetch(`${api.url()}${path}`, { redirect: 'manual' });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('the management console served by the local server', () => {
  it('redirects /console to /console/ and serves the page, its script and its style with their content types', async () => {
    const bare = await get('/console');
    expect(bare.status).toBe(302);
    expect(bare.headers.get('location')).toBe('/console/');

    const page = await get('/console/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.text).toContain('<script type="module" src="console.js"></script>');
    expect((await get('/console/index.html')).text).toBe(page.text);

    const script = await get('/console/console.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.text).toContain('/v1/admin/auth');
    expect((await get('/console/console.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get('/console/package.json')).status).toBe(404);
  });

  it('holds no secret in any served file: no admin key, no token, no web storage', async () => {
    const token = await api.admin();
    for (const file of ['/console/', '/console/console.js', '/console/console.css']) {
      const { text } = await get(file);
      expect(text).not.toContain('local-admin-key-for-tests-only');
      expect(text).not.toContain(token);
      expect(text).not.toMatch(/localStorage|sessionStorage|document\.cookie|innerHTML|eval\(/);
    }
  });
});
