import {
  coreModule,
  createContainer,
  JobWorker,
  PORTS,
  portsModule,
  PurchaseService,
  resolve,
  SERVICES,
  type AdapterPorts,
  type Capabilities,
  type Secrets,
} from '@kumo/core';
import { AppleTestSigner, GooglePlayStandIn } from '@kumo/core/testing';
import { FAULT_KINDS, FaultSchedule, FaultyPush, FaultyQueue, FaultyStore, type FaultKind } from '../faults/index';
import { SOAK_ACTIONS } from './actions/index';
import { SoakClient } from './client';
import { SOAK_INVARIANTS } from './invariants/index';
import { SoakLedger } from './ledger';
import { SoakRandom } from './random';
import { DeliveryLog, PartitionRecorder } from './recorders';
import type { InvariantResult, SoakAction, SoakContext, SoakServices, SoakStores } from './types';
import { setUpWorld } from './world';

/** The adapter set a soak runs on: its ports as the adapter made them, unwrapped. */
export interface SoakAdapter {
  name: string;
  ports: AdapterPorts;
  capabilities: Capabilities;
  /** The queues' visibility timeout: how long a job whose consumer crashed stays hidden. */
  visibilityTimeoutSeconds: number;
  /** Drops the push backend's broker link for real (e.g. `TcpLink.interrupt`) on a `brokerDisconnect` fault. */
  disconnectPush?: () => Promise<void>;
  /** Longest pause of the job worker between receives of an idle queue (`JobWorkerOptions.maxIdleMs`; default the worker's). */
  workerIdleMs?: number;
}

/** Options of a soak run. */
export interface SoakOptions {
  /** Game actions to run. */
  ops: number;
  seed: number;
  /** Probability (0..1) of each fault kind on each call it applies to. */
  faultRate: number;
  /**
   * Other probabilities for some kinds (e.g. queue faults, which apply only to the few job
   * deliveries of a short run, so a short run that must see each kind raises them).
   */
  faultRates?: Partial<Record<FaultKind, number>>;
  /** Actions in flight at once. */
  concurrency: number;
  /** Players (default 100); the first is the hot player. */
  players?: number;
  /** Share of the actions that go to the hot player (default 0.2). */
  hotShare?: number;
  /** Longest wait for the queues to drain after the run, in seconds (default 120). */
  drainSeconds?: number;
  /** The actions to mix (default `SOAK_ACTIONS`). */
  actions?: readonly SoakAction[];
  /** Called as actions complete. */
  onProgress?: (done: number, total: number, phase: string) => void;
}

/** What a soak did and found. */
export interface SoakReport {
  adapter: string;
  seed: number;
  faultRate: number;
  ops: number;
  seconds: number;
  /** Actions run, by name. */
  actions: Record<string, number>;
  faults: Record<FaultKind, number>;
  faultsTotal: number;
  /** Client calls sent again after a failure, and calls that only got an answer after faults stopped. */
  retries: number;
  retriedLater: number;
  /** Refusals (the backend's answers such as `insufficient_funds`) by code; `unresolved`: no answer ever. */
  refusals: Record<string, number>;
  deadLettersReplayed: number;
  /** Jobs that succeeded while the actions ran, and during the drain after them. */
  jobsDuringRun: number;
  jobsDrained: number;
  /** Seconds the drain took, and whether it stopped at `drainSeconds` with jobs still running. */
  drainSeconds: number;
  drainTimedOut: boolean;
  /** The worker's receives, acks and hand-backs that threw, by error message. */
  workerErrors: Record<string, number>;
  /** Pushes delivered more than once (redelivered fan-outs; clients drop an id they already have). */
  duplicateDeliveries: number;
  invariants: InvariantResult[];
  violations: number;
}

/** Bundle id and package name of the soak's game in the test stores. */
const SOAK_APP = 'dev.kumo.soak';

/** Fixed secrets of the soak's container (tokens are never issued). */
const soakSecrets: Secrets = { get: (name) => `soak-${name}-0123456789abcdef` };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a chaos soak: wraps the adapter's Store, Queue and Push in fault injectors (one seeded
 * schedule, every kind at `faultRate`), resolves core's services from a container built on them,
 * sets up a world, runs `ops` mixed game actions `concurrency` at a time (a fifth on one hot
 * player) while core's continuous job worker processes the queues, then stops the faults, lets clients that
 * never got an answer retry, drains the queues (replaying dead letters as an operator would) and
 * checks every invariant against what the clients were told.
 */
export async function runSoak(adapter: SoakAdapter, options: SoakOptions): Promise<SoakReport> {
  const schedule = new FaultSchedule({ seed: options.seed, rates: { ...Object.fromEntries(FAULT_KINDS.map((kind) => [kind, options.faultRate])), ...options.faultRates } });
  schedule.pause();
  const partitions = new PartitionRecorder(adapter.ports.store);
  const deliveries = new DeliveryLog();
  const ports: AdapterPorts = {
    store: new FaultyStore(partitions, schedule),
    queue: new FaultyQueue(adapter.ports.queue, schedule),
    push: new FaultyPush(deliveries.push(adapter.ports.push), schedule, { disconnect: adapter.disconnectPush }),
    mobilePush: deliveries.mobilePush(),
  };
  const container = createContainer(portsModule(ports, adapter.capabilities), coreModule({ secrets: soakSecrets, jobs: { backoff: () => 1 } }));
  const [apple, play] = await Promise.all([AppleTestSigner.create(), GooglePlayStandIn.start()]);
  try {
    return await soakOn(adapter, options, { schedule, partitions, deliveries, container }, { apple, play, bundleId: SOAK_APP, packageName: SOAK_APP });
  } finally {
    await play.close();
  }
}

/** What `runSoak` built around the adapter. */
interface Rig {
  schedule: FaultSchedule;
  partitions: PartitionRecorder;
  deliveries: DeliveryLog;
  container: ReturnType<typeof createContainer>;
}

/** The soak itself, on the container and stores `runSoak` set up. */
async function soakOn(adapter: SoakAdapter, options: SoakOptions, { schedule, partitions, deliveries, container }: Rig, stores: SoakStores): Promise<SoakReport> {
  const services: SoakServices = {
    accounts: resolve(container, SERVICES.Accounts),
    wallet: resolve(container, SERVICES.Wallet),
    inventory: resolve(container, SERVICES.Inventory),
    inbox: resolve(container, SERVICES.Inbox),
    stamina: resolve(container, SERVICES.Stamina),
    leaderboard: resolve(container, SERVICES.Leaderboard),
    chat: resolve(container, SERVICES.Chat),
    matchmaking: resolve(container, SERVICES.Matchmaking),
    purchases: new PurchaseService(resolve(container, PORTS.Store), resolve(container, PORTS.Clock), resolve(container, SERVICES.Accounts), resolve(container, SERVICES.Wallet), resolve(container, SERVICES.Inventory), {
      refundPolicy: 'debit_free_first',
      apple: { bundleId: stores.bundleId, environment: 'Sandbox', rootCertificates: [stores.apple.rootCertificate] },
      google: { packageName: stores.packageName, credentials: stores.play.credentials, selfSignedJwt: true, rootUrl: stores.play.rootUrl, notificationToken: 'soak-rtdn-token-0123456789' },
    }),
  };
  const jobs = resolve(container, SERVICES.Jobs);
  const random = new SoakRandom(options.seed);
  const tag = `s${options.seed}`;
  let ids = 0;
  const context: SoakContext = {
    services,
    stores,
    world: await setUpWorld(services, random, { tag, players: options.players ?? 100, concurrency: options.concurrency }),
    ledger: new SoakLedger(),
    client: new SoakClient(),
    random,
    deliveries,
    partitions,
    nextId: (prefix) => `${prefix}-${tag}-${++ids}`,
  };

  const started = performance.now();
  const workerErrors = new WorkerErrors();
  const worker = new JobWorker(jobs, resolve(container, PORTS.Queue), { maxIdleMs: adapter.workerIdleMs, onError: (_queue, error) => workerErrors.count(error) });
  worker.start();
  schedule.resume();
  const actions = await runActions(context, options, () => {
    schedule.pause();
    context.client.faultsStopped();
  });
  const jobsDuringRun = worker.counts.succeeded;
  options.onProgress?.(options.ops, options.ops, 'draining queues');
  const drainStarted = performance.now();
  const drained = await drain(container, worker, adapter.visibilityTimeoutSeconds, options.drainSeconds ?? 120).finally(() => worker.stop());
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const seconds = (performance.now() - started) / 1000;

  options.onProgress?.(options.ops, options.ops, 'checking invariants');
  const invariants: InvariantResult[] = [];
  for (const invariant of SOAK_INVARIANTS) {
    invariants.push(await invariant.check(context).catch((error: unknown) => ({ name: 'an invariant check', checked: 0, violations: [`the check itself failed: ${String(error)}`] })));
  }
  return {
    adapter: adapter.name,
    seed: options.seed,
    faultRate: options.faultRate,
    ops: options.ops,
    seconds,
    actions,
    faults: { ...schedule.counts },
    faultsTotal: schedule.total,
    retries: context.client.retries,
    retriedLater: context.client.retriedLater,
    refusals: Object.fromEntries(context.ledger.refusals),
    deadLettersReplayed: drained.replayed,
    jobsDuringRun,
    jobsDrained: worker.counts.succeeded - jobsDuringRun,
    drainSeconds,
    drainTimedOut: drained.timedOut,
    workerErrors: Object.fromEntries(workerErrors.counts),
    duplicateDeliveries: deliveries.duplicates,
    invariants,
    violations: invariants.reduce((sum, result) => sum + result.violations.length, 0),
  };
}

/**
 * Runs the actions, `concurrency` at a time. Once every action has started and each one still
 * running is only waiting for faults to stop, calls `stopFaults` (so those clients retry).
 */
async function runActions(context: SoakContext, options: SoakOptions, stopFaults: () => void): Promise<Record<string, number>> {
  const actions = options.actions ?? SOAK_ACTIONS;
  const hotShare = options.hotShare ?? 0.2;
  const counts: Record<string, number> = {};
  let started = 0;
  let done = 0;
  const worker = async () => {
    while (started < options.ops) {
      started++;
      for (let draw = 0; draw < 10; draw++) {
        const action = context.random.weighted(actions);
        const userId = context.random.chance(hotShare) ? context.world.hotPlayer : context.random.pick(context.world.players);
        if (await action.run(context, userId)) {
          counts[action.name] = (counts[action.name] ?? 0) + 1;
          break;
        }
      }
      options.onProgress?.(++done, options.ops, 'running actions');
    }
  };
  let stopped = false;
  const watch = setInterval(() => {
    if (stopped || started < options.ops || context.client.waiting < started - done) return;
    stopped = true;
    stopFaults();
  }, 50);
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  clearInterval(watch);
  if (!stopped) stopFaults();
  return counts;
}

/** Receives, acks and hand-backs that threw, by error message (the worker goes on, as the local server's does). */
class WorkerErrors {
  readonly counts = new Map<string, number>();

  /** Counts one failure under its message. */
  count(error: unknown): void {
    const message = String((error as Error)?.message ?? error).slice(0, 200);
    this.counts.set(message, (this.counts.get(message) ?? 0) + 1);
  }
}

/** What a drain did: dead letters replayed, and whether it ran out of time. */
interface Drained {
  replayed: number;
  timedOut: boolean;
}

/**
 * Lets the continuous worker finish the queued jobs, without faults: waits until no job has ended
 * and none has run for longer than a crashed consumer's message stays hidden, then replays every
 * dead letter (as an operator would) and waits again.
 */
async function drain(container: ReturnType<typeof createContainer>, worker: JobWorker, visibilityTimeoutSeconds: number, drainSeconds: number): Promise<Drained> {
  const deadline = Date.now() + drainSeconds * 1000;
  const quietMs = (visibilityTimeoutSeconds + 3) * 1000;
  let timedOut = false;
  const handled = () => worker.counts.succeeded + worker.counts.failed;
  const settle = async () => {
    let seen = handled();
    let lastActive = Date.now();
    while (Date.now() - lastActive < quietMs) {
      if (Date.now() >= deadline) {
        timedOut = true;
        return;
      }
      await sleep(200);
      if (handled() !== seen || worker.jobsRunning > 0) {
        seen = handled();
        lastActive = Date.now();
      }
    }
  };
  await settle();
  const deadLetters = resolve(container, SERVICES.DeadLetters);
  const jobs = resolve(container, SERVICES.Jobs);
  let replayed = 0;
  for (const queue of jobs.queues()) {
    for (let sent = await deadLetters.replay(queue); sent.length > 0; sent = await deadLetters.replay(queue)) replayed += sent.length;
  }
  if (replayed > 0) await settle();
  return { replayed, timedOut };
}
