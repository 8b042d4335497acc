import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterQueueName, MOBILE_PUSH_QUEUE } from '@kumo/core';
import { devSecrets } from '../src/dev-secrets';
import { startLocalBackend, type LocalBackend } from '../src/local-backend';

/**
 * Debian's Chromium (`apt-get install chromium`), or another Chromium/Chrome named by `KUMO_CHROMIUM`
 * (the public workflow's); CI installs one, so there a missing browser fails the suite.
 */
const CHROMIUM = process.env.KUMO_CHROMIUM ?? '/usr/bin/chromium';
const ADMIN_KEY = 'console-browser-admin-key';
const SCREENSHOT = '/tmp/kumo-console.png';

let backend: LocalBackend;
let browser: BrowserContext;
let page: Page;
let profile: string;

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('the management console in a real browser', () => {
  beforeAll(async () => {
    backend = await startLocalBackend({ port: 0, secrets: devSecrets({ KUMO_ADMIN_KEY: ADMIN_KEY }).secrets, accessLog: () => {} });
    profile = mkdtempSync(join(tmpdir(), 'kumo-console-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = browser.pages()[0] ?? (await browser.newPage());
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('signs in with the admin key, looks up a player, credits currency and replays a dead letter', async () => {
    const account = (await (await fetch(`${backend.url}/v1/accounts`, { method: 'POST' })).json()) as { userId: string };
    await backend.ports.queue.send(deadLetterQueueName(MOBILE_PUSH_QUEUE), { userId: account.userId, event: { type: 'console-test' } });
    const problem = page.locator('#problem');

    await page.goto(`${backend.url}/console`);
    await expect.poll(() => page.inputValue('#sign-in-form [name=api]')).toBe(backend.url);
    await page.fill('#sign-in-form [name=adminKey]', 'not-the-admin-key');
    await page.click('#sign-in-form button');
    await expect.poll(() => problem.textContent()).toBe('unauthorized: invalid admin key');
    await page.fill('#sign-in-form [name=adminKey]', ADMIN_KEY);
    await page.click('#sign-in-form button');
    await page.locator('#panels').waitFor();
    expect(await page.inputValue('#sign-in-form [name=adminKey]')).toBe('');

    await page.fill('#player-lookup [name=userId]', '00000000000000000000000000');
    await page.click('#player-lookup button');
    await expect.poll(() => problem.textContent()).toMatch(/^user_not_found: /);

    await page.fill('#player-lookup [name=userId]', account.userId);
    await page.click('#player-lookup button');
    await page.locator('#player-view').waitFor();
    expect(await page.textContent('#player-wallet')).toBe('none');

    await page.fill('#credit [name=paid]', '120');
    await page.fill('#credit [name=free]', '30');
    await page.click('#credit button');
    await expect.poll(() => page.textContent('#player-wallet')).toContain('ios12030150');
    expect(await problem.textContent()).toMatch(/^Credited 120 paid and 30 free to ios/);
    expect(await page.textContent('#player-receipts')).toContain('deposit');

    await page.click('#jobs-refresh');
    const replay = page.locator('#jobs-list button', { hasText: 'Replay' });
    await replay.waitFor();
    await replay.click();
    await expect.poll(() => problem.textContent()).toBe(`Replayed 1 job(s) of ${MOBILE_PUSH_QUEUE}.`);

    expect(await page.evaluate('localStorage.length + sessionStorage.length + document.cookie.length')).toBe(0);
    await page.click('#player-lookup button');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  }, 60_000);
});
