import { COLORS, liveChart } from './charts';
import type { ConsoleContext } from './console-context';
import { byId, fill, table } from './dom';

interface RouteFigures {
  route: string;
  perSecond: number;
  errorRate: number;
  p50Ms: number;
  p99Ms: number;
}

interface DashboardView {
  at: number;
  windowSeconds: number;
  routes: RouteFigures[];
  series: Array<{ second: number; requests: number; errors: number }>;
  hotKeys: { accesses: number; top: Array<{ key: string; count: number; share: number }> };
  queues: Array<{ name: string; depth: number | null; deadLetters: number }>;
}

/** How often the dashboard reads the figures again while it is shown. */
const REFRESH_MS = 5_000;
/** Routes drawn on the latency chart (the busiest; the table lists them all). */
const CHARTED_ROUTES = 8;

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
/** A chart label of at most 32 characters, keeping the end (a document key's distinctive part). */
const shortLabel = (label: string) => (label.length > 32 ? `…${label.slice(-31)}` : label);

/**
 * Live figures of the serving instance: requests and errors per second over the last minute,
 * p50/p99 latency per route, the busiest documents with their share of accesses, and each job
 * queue's depth and dead letters; read again every 5 s until a read fails. Returns its refresh.
 */
export function dashboardPanel(context: ConsoleContext): () => Promise<void> {
  const traffic = liveChart('dashboard-traffic', 'line');
  const latency = liveChart('dashboard-latency', 'bar');
  const hotKeys = liveChart('dashboard-hot-keys', 'bar', true);
  let next: ReturnType<typeof setTimeout> | undefined;

  async function refresh(): Promise<void> {
    clearTimeout(next);
    const view = await context.api.call<DashboardView>('GET', '/v1/admin/dashboard?windowSeconds=60&hotKeys=10');
    const seconds = view.series.map((point) => new Date(point.second * 1000).toISOString().slice(14, 19));
    traffic(seconds, [
      { label: 'requests/s', color: COLORS.requests, values: view.series.map((point) => point.requests) },
      { label: 'errors/s (5xx)', color: COLORS.errors, values: view.series.map((point) => point.errors) },
    ]);
    const charted = view.routes.slice(0, CHARTED_ROUTES);
    latency(
      charted.map((route) => shortLabel(route.route)),
      [
        { label: 'p50 ms', color: COLORS.p50, values: charted.map((route) => route.p50Ms) },
        { label: 'p99 ms', color: COLORS.p99, values: charted.map((route) => route.p99Ms) },
      ],
    );
    hotKeys(
      view.hotKeys.top.map((hot) => shortLabel(hot.key)),
      [{ label: '% of document accesses', color: COLORS.share, values: view.hotKeys.top.map((hot) => Math.round(hot.share * 1000) / 10) }],
    );
    const rows = view.routes.map((route) => [route.route, route.perSecond.toFixed(2), percent(route.errorRate), route.p50Ms, route.p99Ms]);
    fill('dashboard-routes', table(['route', 'req/s', 'errors', 'p50 ms', 'p99 ms'], rows));
    fill('dashboard-queues', table(['queue', 'depth', 'dead letters'], view.queues.map((queue) => [queue.name, queue.depth, queue.deadLetters])));
    byId('dashboard-at').textContent = `Last ${view.windowSeconds} s of this instance, read at ${new Date(view.at).toLocaleTimeString()}; hot keys since it started (${view.hotKeys.accesses} accesses).`;
    next = setTimeout(() => void context.run(refresh), REFRESH_MS);
  }

  byId('dashboard-refresh').addEventListener('click', () => void context.run(refresh));
  return refresh;
}
