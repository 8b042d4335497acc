/** The chat fan-out cases of the scale benchmark: a post to a room of M members until every push is out. */
import { JobWorker, MOBILE_PUSH_QUEUE, resolve, SERVICES } from '@kumo/core';
import { measure } from './measure';
import type { ScaleBackend } from './scale-backend';

/** How long a fan-out may take before the row says so instead of a time. */
const FANOUT_TIMEOUT_MS = 15_000;
/** Targets at 10,000 members: every live push delivered, every mobile push queued, within these. */
const TARGET_MS = { live: 1_000, mobile: 2_000 };
const TARGET_MEMBERS = 10_000;

/**
 * Ms from a post to a room of `members` until every member's live push arrived (online) or mobile
 * push was queued (offline), with the continuous `JobWorker` or the former worker (10 jobs per
 * queue every 500 ms); null past the timeout.
 */
async function fanout(backend: ScaleBackend, members: number, online: boolean, worker: 'continuous' | 'poll-500ms'): Promise<number | null> {
  const { ports, container } = backend;
  const rooms = resolve(container, SERVICES.Chat);
  const room = await rooms.createRoom('poster', 'arena');
  await measure(members, 64, (i) => rooms.subscribe(`member-${i}`, room.id));
  let reached = 0;
  if (online) for (let i = 0; i < members; i++) ports.push.connect(`member-${i}`, () => reached++);
  const send = ports.queue.send.bind(ports.queue);
  ports.queue.send = async (queue, body, options) => {
    if (queue === MOBILE_PUSH_QUEUE) reached += (body as { userIds: string[] }).userIds.length;
    return send(queue, body, options);
  };
  const jobs = resolve(container, SERVICES.Jobs);
  const continuous = new JobWorker(jobs, ports.queue);
  let polling: Promise<unknown> = Promise.resolve();
  const timer = worker === 'poll-500ms' ? setInterval(() => (polling = jobs.poll()), 500) : undefined;
  if (worker === 'continuous') continuous.start();
  const started = performance.now();
  await rooms.post('poster', room.id, 'go!');
  while (reached < members && performance.now() - started < FANOUT_TIMEOUT_MS) await new Promise((tick) => setTimeout(tick, 1));
  const ms = reached >= members ? Math.round(performance.now() - started) : null;
  clearInterval(timer);
  await Promise.all([continuous.stop(), polling]);
  return ms;
}

/** One row per room size and kind of push: continuous worker against the former one; the 10,000-member rows carry the targets. */
export async function fanoutRows(make: () => Promise<ScaleBackend>, sizes: readonly number[]): Promise<Array<Record<string, string | number>>> {
  const rows: Array<Record<string, string | number>> = [];
  for (const members of sizes) {
    for (const online of [true, false]) {
      const continuous = await fanout(await make(), members, online, 'continuous');
      const former = await fanout(await make(), members, online, 'poll-500ms');
      const shown = (ms: number | null) => (ms === null ? `> ${FANOUT_TIMEOUT_MS}` : ms);
      const target = online ? TARGET_MS.live : TARGET_MS.mobile;
      const targeted = members === TARGET_MEMBERS;
      rows.push({
        case: online ? 'chat fan-out: every live push delivered' : 'chat fan-out: every mobile push queued',
        members,
        'continuous worker ms': shown(continuous),
        'former 500 ms poll ms': shown(former),
        speedup: continuous && former ? `${(former / continuous).toFixed(1)}×` : continuous ? `> ${(FANOUT_TIMEOUT_MS / continuous).toFixed(1)}×` : '-',
        target: targeted ? `≤ ${target} ms` : '',
        pass: targeted ? (continuous !== null && continuous <= target ? 'yes' : 'NO') : '',
      });
      console.error(`fan-out ${members} members ${online ? 'live' : 'mobile'}: continuous ${shown(continuous)} ms, former ${shown(former)} ms`);
    }
  }
  return rows;
}
