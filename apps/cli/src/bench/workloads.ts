import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { BENCH_ACTIONS } from './actions';

/** A game-action mix of `kumo bench`, as workloads.json spells it. */
export interface Workload {
  name: string;
  description: string;
  /** Players set up before the run. */
  players: number;
  /** Exponent of the zipfian draw of players (0: uniform; 1 and above: a few hot players). */
  zipf: number;
  /** Relative frequency of each action, by name. */
  actions: Record<string, number>;
}

const workloadSchema = z.object({
  description: z.string(),
  players: z.number().int().min(2).max(100_000),
  zipf: z.number().min(0).max(5),
  actions: z.record(z.string(), z.number().positive()).refine((actions) => Object.keys(actions).length > 0, 'needs at least one action'),
});

/** The workloads shipped with the CLI (`workloads.json` next to this file). */
export const DEFAULT_WORKLOADS_FILE = new URL('./workloads.json', import.meta.url);

/** Reads a workloads file; throws an `Error` that names the workload and what is wrong. */
export function loadWorkloads(file: string | URL = DEFAULT_WORKLOADS_FILE): Map<string, Workload> {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const workloads = new Map<string, Workload>();
  for (const [name, value] of Object.entries(raw)) {
    if (name.startsWith('$')) continue;
    const parsed = workloadSchema.safeParse(value);
    if (!parsed.success) throw new Error(`workload "${name}" in ${String(file)}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`);
    const unknown = Object.keys(parsed.data.actions).filter((action) => !BENCH_ACTIONS.has(action));
    if (unknown.length > 0) throw new Error(`workload "${name}" names unknown action(s) ${unknown.join(', ')}; known: ${[...BENCH_ACTIONS.keys()].join(', ')}`);
    workloads.set(name, { name, ...parsed.data });
  }
  return workloads;
}
