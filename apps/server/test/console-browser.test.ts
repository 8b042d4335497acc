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

  /** Signs in through the form (the token stays in memory only). */
  async function signIn(): Promise<void> {
    await page.goto(`${backend.url}/console`);
    await page.fill('#sign-in-form [name=adminKey]', ADMIN_KEY);
    await page.click('#sign-in-form button');
    await page.locator('#panels').waitFor();
  }

  const newPlayer = async () => ((await (await fetch(`${backend.url}/v1/accounts`, { method: 'POST' })).json()) as { userId: string }).userId;
  /** A player's paid ios balance through the admin API (0 when the slot has none). */
  const paidBalance = async (userId: string) => {
    const { token } = (await (await fetch(`${backend.url}/v1/admin/auth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ adminKey: ADMIN_KEY }) })).json()) as { token: string };
    const { balances } = (await (await fetch(`${backend.url}/v1/admin/users/${userId}/wallet`, { headers: { authorization: `Bearer ${token}` } })).json()) as { balances: Array<{ slot: string; paid: number }> };
    return balances.find((b) => b.slot === 'ios')?.paid ?? 0;
  };
  const lookUp = async (userId: string) => {
    await page.fill('#player-lookup [name=userId]', userId);
    await page.click('#player-lookup button');
  };

  it('signs in with the admin key, looks up a player, credits currency and replays a dead letter', async () => {
    const userId = await newPlayer();
    await backend.ports.queue.send(deadLetterQueueName(MOBILE_PUSH_QUEUE), { userId, event: { type: 'console-test' } });
    const problem = page.locator('#problem');
    page.on('dialog', (dialog) => void dialog.accept());

    await page.goto(`${backend.url}/console`);
    await expect.poll(() => page.inputValue('#sign-in-form [name=api]')).toBe(backend.url);
    await page.fill('#sign-in-form [name=adminKey]', 'not-the-admin-key');
    await page.click('#sign-in-form button');
    await expect.poll(() => problem.textContent()).toBe('unauthorized: invalid admin key');
    await page.fill('#sign-in-form [name=adminKey]', ADMIN_KEY);
    await page.click('#sign-in-form button');
    await page.locator('#panels').waitFor();
    expect(await page.inputValue('#sign-in-form [name=adminKey]')).toBe('');

    await lookUp('00000000000000000000000000');
    await expect.poll(() => problem.textContent()).toMatch(/^user_not_found: /);

    await lookUp(userId);
    await page.locator('#player-view').waitFor();
    expect(await page.textContent('#player-shown')).toBe(`Player ${userId}`);
    expect(await page.textContent('#player-wallet')).toBe('none');

    await page.fill('#credit [name=paid]', '120');
    await page.fill('#credit [name=free]', '30');
    await page.click('#credit button');
    await expect.poll(() => page.textContent('#player-wallet')).toContain('ios12030150');
    expect(await problem.textContent()).toMatch(new RegExp(`^Credited 120 paid and 30 free to ios of player ${userId} \\(receipt `));
    expect(await page.textContent('#player-receipts')).toContain('deposit');

    await page.fill('#item [name=itemId]', 'potion');
    await page.fill('#item [name=name]', 'Potion');
    await page.fill('#item [name=capacity]', '99');
    await page.click('#item button');
    await expect.poll(() => page.textContent('#catalog-list')).toContain('potion');
    await page.fill('#gift [name=title]', 'Welcome');
    await page.fill('#gift [name=free]', '5');
    await page.fill('#gift [name=itemId]', 'potion');
    await page.fill('#gift [name=count]', '3');
    await page.click('#gift button');
    await expect.poll(() => page.textContent('#player-inbox')).toContain('5 free (ios), potion × 3');

    await page.click('#jobs-refresh');
    const replay = page.locator('#jobs-list button', { hasText: 'Replay' });
    await replay.waitFor();
    await replay.click();
    await expect.poll(() => problem.textContent()).toBe(`Replayed 1 job(s) of ${MOBILE_PUSH_QUEUE}.`);

    expect(await page.evaluate('localStorage.length + sessionStorage.length + document.cookie.length')).toBe(0);
    await page.click('#player-lookup button');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  }, 60_000);

  it('credits only the player on screen: editing the id hides the forms, and money asks first, naming the player', async () => {
    const [first, second] = [await newPlayer(), await newPlayer()];
    const asked: string[] = [];
    page.removeAllListeners('dialog');
    page.on('dialog', (dialog) => {
      asked.push(dialog.message());
      void (asked.length === 1 ? dialog.dismiss() : dialog.accept());
    });
    await signIn();
    await lookUp(first);
    await page.locator('#player-view').waitFor();

    await page.fill('#player-lookup [name=userId]', second);
    expect(await page.isVisible('#credit button')).toBe(false);

    await page.click('#player-lookup button');
    await expect.poll(() => page.textContent('#player-shown')).toBe(`Player ${second}`);
    await page.fill('#credit [name=paid]', '7');
    await page.click('#credit button');
    await expect.poll(() => page.textContent('#problem')).toBe('Credit cancelled: nothing was deposited.');
    expect(await paidBalance(second)).toBe(0);
    await page.click('#credit button');
    await expect.poll(() => page.textContent('#problem')).toMatch(new RegExp(`^Credited 7 paid and 0 free to ios of player ${second} `));
    expect(asked).toEqual([`Credit 7 paid and 0 free (ios) to player ${second}?`, `Credit 7 paid and 0 free (ios) to player ${second}?`]);
    expect(await paidBalance(first)).toBe(0);
    expect(await paidBalance(second)).toBe(7);
  }, 60_000);

  it('hides the last player when a lookup fails, so no form targets an unknown id', async () => {
    await signIn();
    await lookUp(await newPlayer());
    await page.locator('#player-view').waitFor();
    await lookUp('00000000000000000000000000');
    await expect.poll(() => page.textContent('#problem')).toMatch(/^user_not_found: /);
    expect(await page.isVisible('#player-view')).toBe(false);
  }, 60_000);

  it('signs an operator in by password: support sends a gift but may not credit, and the audit trail shows who did what', async () => {
    const userId = await newPlayer();
    const problem = page.locator('#problem');
    page.removeAllListeners('dialog');
    page.on('dialog', (dialog) => void dialog.accept());
    await signIn();
    await page.fill('#operator [name=operatorId]', 'cora');
    await page.fill('#operator [name=password]', 'cora-password-123');
    await page.fill('#operator [name=roles]', 'kumo-role-support');
    await page.click('#operator button');
    await expect.poll(() => problem.textContent()).toBe('Created operator cora (kumo-role-support).');
    expect(await page.textContent('#operator-list')).toContain('corakumo-role-supportactive');
    await page.click('#sign-out');

    await page.fill('#sign-in-form [name=operatorId]', 'cora');
    await page.fill('#sign-in-form [name=adminKey]', 'cora-password-123');
    await page.click('#sign-in-form button');
    await page.locator('#panels').waitFor();
    expect(await page.textContent('#session')).toMatch(/ as cora; the admin token expires at /);
    // Panels a support operator may not read stay empty: nothing of the bootstrap session is left on the page.
    expect([await page.textContent('#operator-list'), await page.textContent('#jobs-list'), await page.isVisible('#player-view')]).toEqual(['', '', false]);
    await lookUp(userId);
    await page.locator('#player-view').waitFor();
    await page.fill('#gift [name=title]', 'Sorry about that');
    await page.fill('#gift [name=free]', '5');
    await page.click('#gift button');
    await expect.poll(() => page.textContent('#player-inbox')).toContain('Sorry about that');
    await page.fill('#credit [name=paid]', '10');
    await page.click('#credit button');
    await expect.poll(() => problem.textContent()).toMatch(/^access_denied: wallet:PostAdminUsersWalletDeposit .*no policy allows it/);
    expect(await paidBalance(userId)).toBe(0);

    await page.click('#audit-refresh');
    const rows = page.locator('#audit-list tbody tr');
    await expect.poll(() => rows.first().textContent()).toContain('inbox:SendMessage');
    const newest = await rows.first().locator('td').allTextContents();
    expect(newest.slice(1, 4)).toEqual(['cora', 'inbox:SendMessage', `/v1/admin/users/${userId}/inbox`]);
    expect(newest[5]).toMatch(new RegExp(`^user:${userId} / inbox:.* \\(created\\)\n(.|\n)*title: "Sorry about that"`));
    const all = await rows.allTextContents();
    expect(all.filter((row) => row.includes('operators:CreateOperator')).map((row) => row.includes('bootstrap'))).toEqual([true]);
    expect(all.some((row) => row.includes('cora') && row.includes('wallet:'))).toBe(false);
    await page.screenshot({ path: '/tmp/kumo-console-audit.png', fullPage: true });
  }, 60_000);

  it('draws live charts of traffic, latency per route and hot keys after traffic, with the job backlog, nothing blocked by the content security policy', async () => {
    const problems: string[] = [];
    // The browser's own favicon request (the first page this profile loads) is not the page's.
    page.on('console', (message) => void (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico') && problems.push(message.text())));
    for (let i = 0; i < 8; i++) {
      const { userId, secret } = (await (await fetch(`${backend.url}/v1/accounts`, { method: 'POST' })).json()) as { userId: string; secret: string };
      await fetch(`${backend.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, secret }) });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn();
    await page.click('#dashboard-refresh');
    await expect.poll(() => page.textContent('#dashboard-routes')).toContain('POST /v1/auth/login');
    expect(await page.textContent('#dashboard-queues')).toContain(MOBILE_PUSH_QUEUE);
    expect(await page.textContent('#dashboard-at')).toMatch(/^Last 60 s of this instance/);
    /** Pixels of the canvas painted exactly in the series colour (the page's `COLORS`): 0 when the chart drew no data. */
    const painted = (canvas: string, [r, g, b]: number[]) =>
      page.evaluate(`(() => {
        const c = document.getElementById('${canvas}');
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] === ${r} && data[i + 1] === ${g} && data[i + 2] === ${b} && data[i + 3] === 255) n++;
        return n;
      })()`);
    expect(await painted('dashboard-traffic', [45, 91, 215])).toBeGreaterThan(50);
    expect(await painted('dashboard-latency', [46, 139, 87])).toBeGreaterThan(50);
    expect(await painted('dashboard-latency', [230, 145, 30])).toBeGreaterThan(50);
    expect(await painted('dashboard-hot-keys', [123, 74, 196])).toBeGreaterThan(50);
    expect(problems).toEqual([]);
    await page.screenshot({ path: '/tmp/kumo-console-dashboard.png' });
  }, 60_000);

  it.each([
    ['desktop', 1280],
    ['phone', 390],
  ])('fits a %s screen (%i px): no sideways overflow, the session line whole', async (name, width) => {
    await page.setViewportSize({ width, height: 900 });
    await signIn();
    await lookUp(await newPlayer());
    await page.locator('#player-view').waitFor();
    // Evaluated in the page (a string, as this file is not typed for the DOM).
    const overflow = await page.evaluate(`({
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      session: document.getElementById('session').scrollWidth - document.getElementById('session').clientWidth,
    })`);
    expect(overflow).toEqual({ page: 0, session: 0 });
    expect(await page.textContent('#session')).toMatch(/^Signed in to http:\/\/127\.0\.0\.1:\d+ with the admin key; the admin token expires at /);
    await page.screenshot({ path: `/tmp/kumo-console-${name}.png`, fullPage: true });
  }, 60_000);

  it('serves an API reference that renders every operation, with nothing blocked by its content security policy', async () => {
    const problems: string[] = [];
    page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
    const document = (await (await fetch(`${backend.url}/openapi.json`)).json()) as { paths: Record<string, object> };
    const operationIds = Object.values(document.paths).flatMap((methods) => Object.values(methods as Record<string, { operationId: string }>).map((operation) => operation.operationId));
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${backend.url}/console/reference/`);
    // An operation with two tags is shown under each: count the distinct operation ids on the page.
    const shown = async () => new Set(await page.locator('.opblock-summary-operation-id').allTextContents()).size;
    await expect.poll(shown, { timeout: 20_000 }).toBe(new Set(operationIds).size);
    expect(await page.textContent('.info .title')).toContain('Kumo game backend');
    expect(problems).toEqual([]);
    await page.screenshot({ path: '/tmp/kumo-reference.png' });
  }, 60_000);
});
