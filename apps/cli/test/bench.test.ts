import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPrices } from '../src/bench/pricing';
import type { BenchReport } from '../src/bench/report';

const run = promisify(execFile);
const KUMO = join(import.meta.dirname, '../bin/kumo.js');
/** Debian's Chromium, or another named by `KUMO_CHROMIUM` (as the console's browser test). */
const CHROMIUM = process.env.KUMO_CHROMIUM ?? '/usr/bin/chromium';

let dir: string;
let report: BenchReport;

/** A price table that prices the rows and queue requests of a self-hosted backend, so totals have something to add up. */
function pricedRows(file: string): void {
  const prices = loadPrices();
  const price = (perMillion: number) => ({ perMillion, what: 'test price', source: 'https://example.com/prices', read: '2025-06-01' });
  prices.clouds['self-hosted'] = { ...prices.clouds['self-hosted'], store: { rowsRead: price(0.1), rowsWritten: price(1) }, queue: { requests: price(0.4) }, compute: { gbSeconds: price(16), invocations: price(0.2) } };
  writeFileSync(file, JSON.stringify(prices));
}

/**
 * Actions of the run, as the command's default. On PGlite in memory an action costs about 3 ms of
 * CPU (12 s of CPU for the whole command); the rest of the wall time is this machine's load and the
 * drain, which waits out the 5 s the deposits' ledger jobs are delayed.
 */
const OPS = 2000;

describe('kumo bench --backend embedded --workload casual', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kumo-bench-'));
    pricedRows(join(dir, 'prices.json'));
    const { stdout } = await run(
      process.execPath,
      [KUMO, 'bench', '--backend', 'embedded', '--workload', 'casual', '--ops', String(OPS), '--players', '10', '--prices', join(dir, 'prices.json'), '--html', join(dir, 'report.html'), '--json'],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    report = JSON.parse(stdout) as BenchReport;
  }, 300_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts every action once: the actions add up to the ops, overall and per second', () => {
    const [bench] = report.runs;
    expect(bench!.ops).toBe(OPS);
    expect(bench!.actions.reduce((sum, action) => sum + action.ops, 0)).toBe(OPS);
    expect(bench!.timeline.reduce((sum, count) => sum + count, 0)).toBe(OPS);
    expect(bench!.latency.count).toBe(OPS);
    expect(bench!.measuredOn).toMatch(/this machine/);
  });

  it('adds up consumption: the actions and the queued jobs make the total', () => {
    const [bench] = report.runs;
    for (const unit of ['rowsRead', 'rowsWritten'] as const) {
      const parts = [...bench!.actions.map((action) => action.units.store?.[unit] ?? 0), bench!.jobs.units.store?.[unit] ?? 0];
      expect(parts.reduce((sum, amount) => sum + amount, 0)).toBe(bench!.units.store![unit]);
    }
    expect(bench!.units.store!.rowsWritten).toBeGreaterThan(0);
  });

  it('prices units × prices, and the parts add up to the total per million actions', () => {
    const { cost, units, ops } = report.runs[0]!;
    const line = (unit: string) => cost.lines.find((each) => each.unit === unit)!;
    expect(line('rowsRead').dollars).toBeCloseTo((units.store!.rowsRead! * 0.1) / 1e6, 12);
    expect(line('rowsWritten').dollars).toBeCloseTo((units.store!.rowsWritten! * 1) / 1e6, 12);
    expect(line('requests').dollars).toBeCloseTo((units.queue!.requests! * 0.4) / 1e6, 12);
    expect(cost.dollars.total).toBeCloseTo(cost.lines.reduce((sum, each) => sum + each.dollars, 0), 12);
    expect(cost.perMillionActions.total).toBeCloseTo((cost.dollars.total / ops) * 1e6, 9);
    expect(cost.perMillionActions.store + cost.perMillionActions.queue + cost.perMillionActions.push + cost.perMillionActions.compute).toBeCloseTo(cost.perMillionActions.total, 9);
  });

  it.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('writes an HTML report whose charts render offline in Chromium', async () => {
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    const profile = mkdtempSync(join(tmpdir(), 'kumo-bench-chromium-'));
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      offline: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      await page.goto(`file://${join(dir, 'report.html')}`);
      await page.waitForSelector('body[data-rendered=true]', { timeout: 20_000 });
      const painted = await page.$$eval('canvas', (canvases) =>
        canvases.map((canvas) => {
          const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
          let pixels = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) pixels++;
          return pixels;
        }),
      );
      expect(painted).toHaveLength(4);
      for (const pixels of painted) expect(pixels).toBeGreaterThan(1000);
      expect(await page.textContent('body')).toContain('embedded PostgreSQL (PGlite, in memory) in-process on this machine');
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
