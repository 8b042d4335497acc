import { coreModule, createContainer, PORTS, portsModule, PurchaseService, resolve, SERVICES, type ConsumptionPort, type ConsumptionUnit, type Secrets } from '@kumo/core';
import { setUpWorld, SoakClient, SoakLedger, SoakRandom, type SoakAction, type SoakContext, type SoakServices } from '@kumo/conformance/soak';
import { BENCH_ACTIONS } from './actions';
import { startWorker, type JobsRun } from './job-worker';
import { openBenchBackend, type PricedAs } from './bench-backend';
import { LatencyRecorder, type LatencySummary } from './latency';
import { JOBS, BenchMeter, type Attributed } from './meter';
import { runSchedule, type SchedulePlan } from './schedule';
import type { Workload } from './workloads';
import { Zipf } from './zipf';

/** How a bench drives its actions. */
export interface BenchOptions extends SchedulePlan {
  workload: Workload;
  seed: number;
  onProgress?: (done: number) => void;
}

/** Consumption by port and unit. */
export type Units = Partial<Record<ConsumptionPort, Partial<Record<ConsumptionUnit, number>>>>;

/** What a run measured, overall or for one action. */
export interface Measured {
  ops: number;
  opsPerSecond: number;
  latency: LatencySummary;
  /** Commits refused on a condition and retried by `transact`; calls the backend throttled. */
  conflicts: number;
  throttles: number;
  /** Calls a client sent again after a failure. */
  retries: number;
  /** Actions that never got an answer. */
  errors: number;
  units: Units;
}

/** What one action did in a run. */
export interface ActionResult extends Measured {
  name: string;
  /** Answers the game shows the player (`insufficient_funds`…), by code; not errors. */
  refusals: Record<string, number>;
}

/** One backend's run of a workload. */
export interface BenchRun extends Measured {
  backend: string;
  pricedAs: PricedAs;
  measuredOn: string;
  /** Where the queue ran: the cloud's queue API (an emulator or stand-in here, or the cloud), or in-process. */
  queueOn: string;
  caveat?: string;
  workload: string;
  mode: 'closed-loop' | 'fixed-rate';
  concurrency: number;
  targetRate?: number;
  seconds: number;
  actions: ActionResult[];
  /** Queued jobs the worker ran (fan-outs, ledger, aggregation), and their units. */
  jobs: JobsRun & { units: Units; conflicts: number; throttles: number };
  /** Summed service time of actions and jobs, seconds: the function time a deployment would bill. */
  computeSeconds: number;
  /** Actions completed in each second of the run. */
  timeline: number[];
}

/** Fixed secrets of a bench's container (no token leaves the process). */
const benchSecrets: Secrets = { get: (name) => `bench-${name}-0123456789abcdef` };

/** Per-action counters while a run goes. */
class ActionTally {
  ops = 0;
  retries = 0;
  errors = 0;
  /** Summed time the actions took to run (not counting a wait for their intended start). */
  serviceMs = 0;
  readonly refusals: Record<string, number> = {};
  readonly latency = new LatencyRecorder();
}

/**
 * Runs a workload on one backend address: sets up a world through the services (players,
 * catalog, stamina, rooms, modes; not counted), then runs the workload's actions, players drawn
 * zipfian and every score on one event board, while core's job runner works the queues; drains the
 * queues, and returns throughput, latency, outcomes and consumption per action and overall.
 */
export async function runBench(address: string, options: BenchOptions): Promise<BenchRun> {
  const meter = new BenchMeter();
  const backend = openBenchBackend(address, meter);
  try {
    const container = createContainer(portsModule(backend.ports, backend.capabilities), coreModule({ secrets: benchSecrets, jobs: { backoff: () => 1 } }));
    const services = servicesOf(container);
    const random = new SoakRandom(options.seed);
    const tag = `b${Date.now().toString(36)}`;
    const world = await setUpWorld(services, random, { tag, players: options.workload.players, concurrency: Math.min(options.concurrency, 16) });
    world.boards = [`event-${tag}`];
    let ids = 0;
    // The bench's actions read only these fields: no store stand-ins, delivery log or partition
    // recorder, which serve the soak's checks after a run.
    const context = { services, world, ledger: new SoakLedger(), client: new SoakClient(), random, nextId: (prefix: string) => `${prefix}-${tag}-${++ids}` } as Partial<SoakContext> as SoakContext;
    meter.reset();
    // A cloud queue's API is polled less often when idle: every poll is a receive per queue.
    const worker = startWorker(resolve(container, SERVICES.Jobs), { idleMs: backend.remoteQueue ? 250 : 50 });
    const started = performance.now();
    const tallies = await runActions(context, meter, options, started);
    const seconds = (performance.now() - started) / 1000;
    const jobs = await worker.drain();
    return summarize({ backend, options, meter, tallies, seconds, jobs });
  } finally {
    await backend.close();
  }
}

/** The services the actions use, resolved as an app resolves them (store purchases unconfigured). */
function servicesOf(container: ReturnType<typeof createContainer>): SoakServices {
  const accounts = resolve(container, SERVICES.Accounts);
  const wallet = resolve(container, SERVICES.Wallet);
  const inventory = resolve(container, SERVICES.Inventory);
  return {
    accounts,
    wallet,
    inventory,
    inbox: resolve(container, SERVICES.Inbox),
    stamina: resolve(container, SERVICES.Stamina),
    leaderboard: resolve(container, SERVICES.Leaderboard),
    chat: resolve(container, SERVICES.Chat),
    matchmaking: resolve(container, SERVICES.Matchmaking),
    purchases: new PurchaseService(resolve(container, PORTS.Store), resolve(container, PORTS.Clock), accounts, wallet, inventory, { refundPolicy: 'negative_balance' }),
  };
}

/** The actions with their weights from the workload. */
function mixOf(workload: Workload): SoakAction[] {
  return Object.entries(workload.actions).map(([name, weight]) => ({ ...BENCH_ACTIONS.get(name)!, weight }));
}

/** Runs the actions on the plan's schedule and returns each action's tally and the completions per second. */
async function runActions(context: SoakContext, meter: BenchMeter, options: BenchOptions, started: number): Promise<{ byAction: Map<string, ActionTally>; timeline: number[] }> {
  const mix = mixOf(options.workload);
  const zipf = new Zipf(context.world.players.length, options.workload.zipf);
  const byAction = new Map<string, ActionTally>();
  const timeline: number[] = [];
  let done = 0;
  await runSchedule(
    options,
    started,
    () => runOne(context, meter, mix, zipf, byAction),
    (tally, timing) => {
      tally.latency.record(timing.latencyMs);
      tally.serviceMs += timing.serviceMs;
      const second = Math.floor((timing.ended - started) / 1000);
      timeline[second] = (timeline[second] ?? 0) + 1;
      options.onProgress?.(++done);
    },
  );
  return { byAction, timeline: Array.from(timeline, (count) => count ?? 0) };
}

/**
 * Runs one action on a zipfian player (up to 10 draws while the drawn action has nothing left to do
 * for the player), with a client of its own and its consumption attributed to it.
 */
async function runOne(context: SoakContext, meter: BenchMeter, mix: SoakAction[], zipf: Zipf, byAction: Map<string, ActionTally>): Promise<ActionTally> {
  for (let draw = 0; ; draw++) {
    const action = context.random.weighted(mix);
    const userId = context.world.players[zipf.draw(context.random.int(0, 999_999_999) / 1e9)]!;
    let tally = byAction.get(action.name);
    if (!tally) byAction.set(action.name, (tally = new ActionTally()));
    const client = new SoakClient({ attempts: 4 });
    client.faultsStopped();
    const ledger = Object.create(context.ledger) as SoakLedger;
    const counted = tally;
    ledger.refused = (code) => {
      context.ledger.refused(code);
      if (code === 'unresolved') counted.errors++;
      else counted.refusals[code] = (counted.refusals[code] ?? 0) + 1;
    };
    const ran = await meter.within(action.name, () => action.run({ ...context, client, ledger }, userId));
    if (!ran && draw < 9) continue;
    tally.ops++;
    tally.retries += client.retries;
    return tally;
  }
}

/** What the run's tallies and meter add up to. */
function summarize({ backend, options, meter, tallies, seconds, jobs }: { backend: ReturnType<typeof openBenchBackend>; options: BenchOptions; meter: BenchMeter; tallies: Awaited<ReturnType<typeof runActions>>; seconds: number; jobs: JobsRun }): BenchRun {
  const overall = new LatencyRecorder();
  const attributed = (name: string): Attributed | undefined => meter.byAction.get(name);
  const actions: ActionResult[] = [...tallies.byAction.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, tally]) => {
      overall.add(tally.latency);
      const spent = attributed(name);
      return {
        name,
        ops: tally.ops,
        opsPerSecond: round(tally.ops / seconds),
        latency: tally.latency.summary(),
        conflicts: spent?.conflicts ?? 0,
        throttles: spent?.throttles ?? 0,
        retries: tally.retries,
        refusals: tally.refusals,
        errors: tally.errors,
        units: spent?.consumption.totals ?? {},
      };
    });
  const latency = overall.summary();
  const ops = actions.reduce((sum, action) => sum + action.ops, 0);
  const jobUnits = attributed(JOBS);
  return {
    backend: backend.label,
    pricedAs: backend.pricedAs,
    measuredOn: backend.measuredOn,
    queueOn: backend.queueOn,
    ...(backend.caveat ? { caveat: backend.caveat } : {}),
    workload: options.workload.name,
    mode: options.rate ? 'fixed-rate' : 'closed-loop',
    concurrency: options.concurrency,
    ...(options.rate ? { targetRate: options.rate } : {}),
    seconds: round(seconds),
    ops,
    opsPerSecond: round(ops / seconds),
    latency,
    conflicts: meter.total.conflicts,
    throttles: meter.total.throttles,
    retries: actions.reduce((sum, action) => sum + action.retries, 0),
    errors: actions.reduce((sum, action) => sum + action.errors, 0),
    actions,
    jobs: { ...jobs, busySeconds: round(jobs.busySeconds), units: jobUnits?.consumption.totals ?? {}, conflicts: jobUnits?.conflicts ?? 0, throttles: jobUnits?.throttles ?? 0 },
    computeSeconds: round([...tallies.byAction.values()].reduce((sum, tally) => sum + tally.serviceMs, 0) / 1000 + jobs.busySeconds),
    units: meter.total.consumption.totals,
    timeline: tallies.timeline,
  };
}

const round = (value: number) => Math.round(value * 1000) / 1000;
