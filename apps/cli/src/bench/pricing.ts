import { readFileSync } from 'node:fs';
import type { PricedAs } from './bench-backend';
import type { BenchRun, Units } from './run';

/** One unit price, with where and when it was read. */
export interface UnitPrice {
  perMillion: number;
  what: string;
  source: string;
  read: string;
}

/** Where a cost goes. */
export const COST_PARTS = ['store', 'queue', 'push', 'compute'] as const;
export type CostPart = (typeof COST_PARTS)[number];

/** One cloud's prices in one region. */
export interface CloudPrices {
  region: string;
  store: Record<string, UnitPrice>;
  queue: Record<string, UnitPrice>;
  push: Record<string, UnitPrice>;
  compute: Record<string, UnitPrice>;
  /** vCPU that comes with each GB of function memory, where CPU is billed apart (Cloud Run functions). */
  vcpuPerGb?: number;
  notes?: string;
}

/** The versioned price table (prices.json). */
export interface PriceTable {
  version: string;
  currency: string;
  clouds: Record<PricedAs, CloudPrices>;
}

/** The price table shipped with the CLI. */
export const DEFAULT_PRICES_FILE = new URL('./prices.json', import.meta.url);

/** Reads a price table. */
export function loadPrices(file: string | URL = DEFAULT_PRICES_FILE): PriceTable {
  return JSON.parse(readFileSync(file, 'utf8')) as PriceTable;
}

/** One priced quantity: `amount` units × `perMillion` / 10⁶ = `dollars`. */
export interface CostLine {
  part: CostPart;
  unit: string;
  amount: number;
  perMillion: number;
  dollars: number;
  source: string;
  read: string;
}

/** What a run cost, split by part, and per million player actions. */
export interface Cost {
  currency: string;
  priceVersion: string;
  region: string;
  lines: CostLine[];
  /** Counted units no price applies to (counted, costed at 0). */
  unpriced: string[];
  dollars: Record<CostPart | 'total', number>;
  perMillionActions: Record<CostPart | 'total', number>;
  /** Function memory the compute figures assume. */
  functionMemoryMb: number;
}

/**
 * What a run would cost on its cloud: every counted store, queue and push unit times its price,
 * and compute as one function invocation per action and per job with the measured service time
 * × `functionMemoryMb` (GB-s; vCPU-s where CPU is billed apart). Per million actions divides by
 * the run's actions (jobs are part of what the actions cost).
 */
export function costOf(run: BenchRun, prices: PriceTable, functionMemoryMb: number): Cost {
  const cloud = prices.clouds[run.pricedAs];
  const gbSeconds = run.computeSeconds * (functionMemoryMb / 1024);
  const compute: Record<string, number> = { gbSeconds, invocations: run.ops + run.jobs.handled, ...(cloud.vcpuPerGb ? { vcpuSeconds: gbSeconds * cloud.vcpuPerGb } : {}) };
  const counted: Record<CostPart, Record<string, number>> = { store: run.units.store ?? {}, queue: run.units.queue ?? {}, push: run.units.push ?? {}, compute };
  const lines: CostLine[] = [];
  const unpriced: string[] = [];
  for (const part of COST_PARTS) {
    for (const [unit, amount] of Object.entries(counted[part])) {
      const price = cloud[part][unit];
      if (!price) {
        if (amount > 0 && unit !== 'bytes') unpriced.push(`${part}.${unit}`);
        continue;
      }
      lines.push({ part, unit, amount, perMillion: price.perMillion, dollars: (amount * price.perMillion) / 1e6, source: price.source, read: price.read });
    }
  }
  const dollars = Object.fromEntries([...COST_PARTS, 'total'].map((part) => [part, lines.filter((line) => part === 'total' || line.part === part).reduce((sum, line) => sum + line.dollars, 0)])) as Cost['dollars'];
  const perMillionActions = Object.fromEntries(Object.entries(dollars).map(([part, total]) => [part, run.ops === 0 ? 0 : (total / run.ops) * 1e6])) as Cost['perMillionActions'];
  return { currency: prices.currency, priceVersion: prices.version, region: cloud.region, lines, unpriced, dollars, perMillionActions, functionMemoryMb };
}

/** Units of a run flattened to `port.unit` → amount, for tables. */
export function flatUnits(units: Units): Record<string, number> {
  return Object.fromEntries(Object.entries(units).flatMap(([port, each]) => Object.entries(each ?? {}).map(([unit, amount]) => [`${port}.${unit}`, amount])));
}
