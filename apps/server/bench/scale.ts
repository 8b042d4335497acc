/**
 * `npm run bench -- scale [options]`: how Kumo's reads and writes grow with the work. Each case is
 * measured at every size in one run, interleaved (see `interleaved`), and printed with the ratio
 * of its p50/p99 to the smallest size (N = 10), the target and whether it is met:
 * - leaderboard: top page (10 rows) and my-rank (standing with 2 neighbours) on boards bulk-loaded
 *   through `LeaderboardService.load`, beside the floor of my-rank: one bare store read of a random
 *   player's score document (my-rank makes it; on a big in-memory board its cost is memory latency),
 *   and the machine's own floors: chains of dependent reads of random pages in a small array and in
 *   one as large as the heap then (see `pageWalkRows`), and fixed CPU work as long as my-rank's p50
 *   at each size (see `fixedWorkRows`: the p99 ratio the machine's stalls alone give operations
 *   that long);
 *   then the store calls of one aggregation window for 10, 100 and 1,000 changed scores, which must
 *   follow the changes, not the board;
 * - matchmaking: a quick-match join with N open gatherings in the pool;
 * - chat: the newest page (10 rows, what the 10-message room holds) of a room with N messages, and a post to it;
 * - inbox: the first unread page (10 rows) of a player with N messages, and a send;
 * - fan-out: a post to a room of M members until every live push is delivered (all connected) and
 *   until every mobile push is queued (all offline), with the continuous `JobWorker` against the
 *   former worker (10 jobs per queue every 500 ms), side by side.
 *
 * Options (comma-separated sizes; an empty list skips those cases):
 *   --backend memory|aws        the store: embedded (default) or DynamoDB Local (queue and push stay embedded)
 *   --leaderboard-sizes LIST    default 10,1000,100000,1000000
 *   --sizes LIST                matchmaking, chat, inbox; default 10,1000,100000
 *   --members LIST              fan-out room sizes; default 10,1000,10000
 *   --ops N                     timed operations per size and case (default 10000, after 200 warm-up ones, in 5 blocks)
 * The summary ends with the machine's stalls before and after the run, each measured once the
 * process is idle (see `machineStalls`): how often the thread stopped for over 10 µs, and for how long.
 * Ten million entries on memory need a larger heap: `NODE_OPTIONS=--max-old-space-size=14336` (the page-read floor then maps about as much again outside the heap).
 */
import { parseArgs } from 'node:util';
import { resolve, SERVICES } from '@kumo/core';
import { measure } from './measure';
import { fanoutRows } from './scale-fanout';
import { leaderboardCases } from './scale-leaderboard';
import { machineStalls, type MachineStalls } from './scale-machine-stalls';
import { scaleBackends, type ScaleBackend, type ScaleBackendName } from './scale-backend';
import { interleaved, settle, timedRows, type TimedRow, type TimingPlan } from './scale-timing';

const { values } = parseArgs({
  args: process.argv.slice(3),
  options: {
    backend: { type: 'string', default: 'memory' },
    'leaderboard-sizes': { type: 'string', default: '10,1000,100000,1000000' },
    sizes: { type: 'string', default: '10,1000,100000' },
    members: { type: 'string', default: '10,1000,10000' },
    ops: { type: 'string', default: '10000' },
  },
});
const list = (text: string) => text.split(',').filter(Boolean).map(Number);
const backendName = values.backend as ScaleBackendName;
if (backendName !== 'memory' && backendName !== 'aws') throw new Error(`--backend is memory or aws, not ${values.backend}`);
const ops = Number(values.ops);
const plan: TimingPlan = { ops, warmup: Math.min(200, ops), blocks: 5 };
/** Rows of a chat or inbox page: as many as the smallest room holds, so that every size reads a full page. */
const PAGE = 10;
/** The most a flat case's p99 may grow against N = 10. */
const MAX_FLAT_RATIO = 1.5;

/** One mode per size with that many open gatherings; a fresh player quick-matches each time. */
async function matchmaking(backend: ScaleBackend, sizes: readonly number[]): Promise<TimedRow[]> {
  const matches = resolve(backend.container, SERVICES.Matchmaking);
  const spec = (n: number) => ({ mode: `squad-${n}`, capacity: 32, attributes: { level: 10 } });
  for (const n of sizes) await measure(n, 16, (i) => matches.create(`host-${n}-${i}`, spec(n)));
  return timedRows('matchmaking quick-match join', await interleaved(sizes, plan, (n, i) => matches.join(`joiner-${n}-${i}`, spec(n))), MAX_FLAT_RATIO);
}

/** One room per size with that many messages. */
async function chat(backend: ScaleBackend, sizes: readonly number[]): Promise<TimedRow[]> {
  const rooms = resolve(backend.container, SERVICES.Chat);
  const ids = new Map<number, string>();
  for (const n of sizes) {
    const room = await rooms.createRoom('owner', `lobby ${n}`);
    ids.set(n, room.id);
    await measure(n, 16, (i) => rooms.post(`poster-${i % 100}`, room.id, `message ${i}`));
  }
  return [
    ...timedRows(`chat newest page (${PAGE})`, await interleaved(sizes, plan, (n) => rooms.messages(ids.get(n)!, { limit: PAGE })), MAX_FLAT_RATIO),
    ...timedRows('chat post', await interleaved(sizes, plan, (n, i) => rooms.post('poster', ids.get(n)!, `more ${i}`)), MAX_FLAT_RATIO),
  ];
}

/** One player per size with that many unread messages. */
async function inbox(backend: ScaleBackend, sizes: readonly number[]): Promise<TimedRow[]> {
  const mail = resolve(backend.container, SERVICES.Inbox);
  const readers = new Map<number, string>();
  for (const n of sizes) {
    const { userId } = await resolve(backend.container, SERVICES.Accounts).create();
    readers.set(n, userId);
    await measure(n, 16, (i) => mail.send(userId, { title: `gift ${i}` }));
  }
  return [
    ...timedRows(`inbox first unread page (${PAGE})`, await interleaved(sizes, plan, (n) => mail.list(readers.get(n)!, { status: 'unread', limit: PAGE })), MAX_FLAT_RATIO),
    ...timedRows('inbox send', await interleaved(sizes, plan, (n, i) => mail.send(readers.get(n)!, { title: `more ${i}` })), MAX_FLAT_RATIO),
  ];
}

/** A measure of the machine's stalls as the summary prints it. */
const stallText = ({ perSecond, medianUs, p90Us, maxUs }: MachineStalls) => `${perSecond}/s, median ${medianUs} µs, p90 ${p90Us} µs, longest ${maxUs} µs`;

// Measured once the process is idle: while it starts, its own compiler threads take the cores.
await settle();
const stallsBefore = machineStalls();
const backends = await scaleBackends(backendName);
const started = performance.now();
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
try {
  const timed: TimedRow[] = [];
  const boardSizes = list(values['leaderboard-sizes']);
  const sizes = list(values.sizes);
  if (boardSizes.length > 0) {
    const { timed: reads, calls, windows } = await leaderboardCases(await backends.make(), boardSizes, plan);
    timed.push(...reads);
    console.table(calls);
    console.table(windows);
  }
  if (sizes.length > 0) {
    timed.push(...(await matchmaking(await backends.make(), sizes)));
    timed.push(...(await chat(await backends.make(), sizes)));
    timed.push(...(await inbox(await backends.make(), sizes)));
  }
  if (timed.length > 0) console.table(timed);
  const members = list(values.members);
  if (members.length > 0) console.table(await fanoutRows(() => backends.make(), members));
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const failed = timed.filter((row) => row.pass === 'NO').length;
  console.log(
    `node ${process.version}, store ${backendName === 'aws' ? 'DynamoDB Local' : 'embedded (memory)'}, ${ops} timed operations per size and case (+${plan.warmup} warm-up) in ${plan.blocks} interleaved blocks; ` +
      `${failed === 0 ? 'every timed row meets its target' : `${failed} timed rows miss their target`}; peak RSS ${Math.round(peakRss / 2 ** 20)} MiB; ${Math.round((performance.now() - started) / 1000)} s`,
  );
  await settle();
  console.log(`machine stalls (the thread stopped for over 10 µs while it read the clock): before the run ${stallText(stallsBefore)}; after it ${stallText(machineStalls())}`);
} finally {
  clearInterval(sampler);
  await backends.close();
}
